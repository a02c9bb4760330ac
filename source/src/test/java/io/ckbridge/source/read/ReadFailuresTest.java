package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ReadFailuresTest {
    private static final String READING = "shop.orders in 16 token-range slice(s), pass 0, at slice 0:100";

    @Test
    void timeoutsAndUnavailableReplicasAreRetried() {
        List<RuntimeException> transients = List.of(new DriverTimeoutException("Query timed out after PT2S"),
                new ReadTimeoutException(null, ConsistencyLevel.QUORUM, 1, 2, false),
                new UnavailableException(null, ConsistencyLevel.QUORUM, 2, 1), new NoNodeAvailableException(),
                new OverloadedException(null));
        for (RuntimeException failure : transients) {
            RuntimeException thrown = new ReadFailures("orders-source", Duration.ofMinutes(2)).failed(READING,
                    failure, 0);

            assertThat(thrown).as(failure.getClass().getSimpleName()).isInstanceOf(RetriableException.class)
                    .hasCause(failure).hasMessageContaining("Connector orders-source").hasMessageContaining(READING);
        }
    }

    @Test
    void errorsThatComeBackOnEveryRetryFailTheTaskSayingWhatToDo() {
        List<RuntimeException> permanent = List.of(new SyntaxError(null, "line 1:7 no viable alternative"),
                new InvalidQueryException(null, "Undefined column name v"),
                new UnauthorizedException(null, "User reader has no SELECT permission on <table shop.orders>"),
                new FunctionFailureException(null, "execution of 'f' failed"));
        for (RuntimeException failure : permanent) {
            RuntimeException thrown = new ReadFailures("orders-source", Duration.ofMinutes(2)).failed(READING,
                    failure, 0);

            assertThat(thrown).as(failure.getClass().getSimpleName()).isInstanceOf(ConnectException.class)
                    .isNotInstanceOf(RetriableException.class).hasCause(failure)
                    .hasMessageContaining("Connector orders-source").hasMessageContaining("shop.orders")
                    .hasMessageContaining(failure.getMessage()).hasMessageContaining("Retrying cannot help")
                    .hasMessageContaining("may SELECT");
        }
    }

    @Test
    void aTransientFailureThatLastsFailsTheTaskAndASuccessStartsTheClockAgain() {
        ReadFailures failures = new ReadFailures("orders-source", Duration.ofMinutes(2));
        DriverTimeoutException timeout = new DriverTimeoutException("Query timed out after PT2S");

        assertThat(failures.failed(READING, timeout, 1_000)).isInstanceOf(RetriableException.class);
        assertThat(failures.failed(READING, timeout, 100_000)).isInstanceOf(RetriableException.class);
        assertThat(failures.failed(READING, timeout, 122_000)).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("has failed for 2 minutes");
        failures.succeeded();
        assertThat(failures.failed(READING, timeout, 200_000)).isInstanceOf(RetriableException.class);
    }
}
