package io.ckbridge.sink.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.servererrors.ServerError;
import io.ckbridge.sink.compat.DataStaxSinkKeys;
import io.ckbridge.sink.write.WriteFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BadRecordHandlerTest {
    private static final SinkRecord RECORD = new SinkRecord("orders", 2, null, "k", null, Map.of("id", 1), 41);
    private static final ServerError REFUSAL = new ServerError(null, "java.lang.AssertionError: boom");

    private static Throwable refused() {
        return new ConnectException(WriteFailure.describe(REFUSAL), REFUSAL);
    }

    @Test
    void withToleranceARefusedWriteGoesToTheReporterWithItsCause() {
        List<Throwable> reported = new ArrayList<>();
        ErrantRecordReporter reporter = new ErrantRecordReporter() {
            @Override
            public Future<Void> report(SinkRecord record, Throwable error) {
                reported.add(error);
                return CompletableFuture.completedFuture(null);
            }
        };
        TaskFailure failure = new TaskFailure();

        boolean setAside = new BadRecordHandler("sink-a", true, DataStaxSinkKeys.Skip.NONE, reporter, failure)
                .handle(RECORD, "shop.orders", null, refused());

        assertThat(setAside).isTrue();
        assertThat(failure.hasFailed()).isFalse();
        assertThat(reported).singleElement().satisfies(error -> assertThat(error.getMessage())
                .isEqualTo("Connector sink-a: record orders-2 offset 41 cannot be written to shop.orders: "
                        + "Cassandra refused the write (ServerError): java.lang.AssertionError: boom"));
    }

    @Test
    void withoutToleranceARefusedWriteFailsTheTaskNamingWhere() {
        TaskFailure failure = new TaskFailure();

        boolean setAside = new BadRecordHandler("sink-a", false, DataStaxSinkKeys.Skip.NONE, null, failure)
                .handle(RECORD, "shop.orders", null, refused());

        assertThat(setAside).isFalse();
        assertThat(failure.error().getMessage())
                .startsWith("Connector sink-a: record orders-2 offset 41 cannot be written to shop.orders: "
                        + "Cassandra refused the write (ServerError)")
                .contains("errors.tolerance=all");
    }

    @Test
    void theDataStaxSinksIgnoreErrorsAllSkipsEveryBadRecordWithoutTolerance() {
        TaskFailure failure = new TaskFailure();
        BadRecordHandler handler = new BadRecordHandler("sink-a", false, DataStaxSinkKeys.Skip.ALL, null, failure);

        assertThat(handler.handle(RECORD, "shop.orders", "id", new IllegalArgumentException("not an int"))).isTrue();
        assertThat(handler.handle(RECORD, "shop.orders", null, refused(), true)).isTrue();
        assertThat(failure.hasFailed()).isFalse();
    }

    @Test
    void ignoreErrorsDriverSkipsWritesCassandraRefusedButNotBadData() {
        TaskFailure failure = new TaskFailure();
        BadRecordHandler handler = new BadRecordHandler("sink-a", false, DataStaxSinkKeys.Skip.DRIVER, null, failure);

        assertThat(handler.handle(RECORD, "shop.orders", null, refused(), true)).isTrue();
        assertThat(failure.hasFailed()).isFalse();
        assertThat(handler.handle(RECORD, "shop.orders", "id", new IllegalArgumentException("not an int"))).isFalse();
        assertThat(failure.error().getMessage()).contains("column id").contains("not an int");
    }
}
