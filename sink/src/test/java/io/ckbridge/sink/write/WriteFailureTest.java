package io.ckbridge.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WriteFailureTest {
    private static final ConsistencyLevel QUORUM = ConsistencyLevel.LOCAL_QUORUM;

    /** A write failure as Cassandra reports it: one replica failed, with this RequestFailureReason code. */
    static WriteFailureException writeFailure(WriteType type, int reason) {
        return new WriteFailureException(null, QUORUM, 0, 1, type, 1, Map.of(InetAddress.getLoopbackAddress(), reason));
    }

    @Test
    void whatCassandraAlwaysRefusesForTheRowIsABadRecord() {
        // UNKNOWN: the replica's write threw
        assertThat(WriteFailure.of(writeFailure(DefaultWriteType.SIMPLE, 0))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(writeFailure(DefaultWriteType.UNLOGGED_BATCH, 0))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(writeFailure(DefaultWriteType.BATCH_LOG, 0)))
                .as("the batch log was not written: nothing of the batch is applied").isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new ServerError(null, "java.lang.RuntimeException: boom")))
                .isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new InvalidQueryException(null,
                "Key length of 70000 is longer than maximum of 65535"))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new SyntaxError(null, "line 1:0 no viable alternative")))
                .isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new CodecNotFoundException(DataTypes.INT, GenericType.STRING)))
                .isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new IllegalArgumentException("Invalid value"))).isEqualTo(WriteFailure.RECORD);
        assertThat(WriteFailure.of(new CompletionException(new ServerError(null, "boom"))))
                .as("as the driver's futures wrap it").isEqualTo(WriteFailure.RECORD);
    }

    @Test
    void whatARetryCanGetPastIsRetried() {
        assertThat(WriteFailure.of(new WriteTimeoutException(null, QUORUM, 0, 1, DefaultWriteType.SIMPLE)))
                .isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new UnavailableException(null, QUORUM, 2, 1))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new OverloadedException(null))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new NoNodeAvailableException())).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new DriverTimeoutException("timeout"))).isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.of(new ClosedConnectionException("closed"))).isEqualTo(WriteFailure.TRANSIENT);
        for (int passing : new int[] {2, 3, 5, 6}) {
            assertThat(WriteFailure.of(writeFailure(DefaultWriteType.SIMPLE, passing)))
                    .as("reason %d: timeout, schema not agreed yet, node down, index not available", passing)
                    .isEqualTo(WriteFailure.TRANSIENT);
        }
        WriteFailureException replayed = writeFailure(DefaultWriteType.BATCH, 0);
        assertThat(WriteFailure.of(replayed)).as("a logged batch in the batch log is replayed by Cassandra")
                .isEqualTo(WriteFailure.TRANSIENT);
        assertThat(WriteFailure.isAmbiguous(replayed)).isTrue();
    }

    @Test
    void whatNoRecordGetsPastFailsTheTask() {
        assertThat(WriteFailure.of(new InvalidQueryException(null, "unconfigured table orders")))
                .isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new UnauthorizedException(null, "no MODIFY permission")))
                .isEqualTo(WriteFailure.FATAL);
        assertThat(WriteFailure.of(new NullPointerException())).as("a bug of ours").isEqualTo(WriteFailure.FATAL);
    }

    @Test
    void theReportNamesTheDriversException() {
        assertThat(WriteFailure.describe(new CompletionException(writeFailure(DefaultWriteType.SIMPLE, 0))))
                .startsWith("Cassandra refused the write (WriteFailureException): Cassandra failure during write")
                .endsWith("the failing replica's log says why");
        assertThat(WriteFailure.describe(new ServerError(null, "boom")))
                .isEqualTo("Cassandra refused the write (ServerError): boom");
    }
}
