package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import java.time.Duration;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Turns a failed read into the exception Connect acts on. Timeouts, unavailable or overloaded
 * replicas and lost connections are {@link RetriableException}s: Connect calls poll again and
 * the reader repeats the query it failed on (its position is kept), until they have lasted
 * {@code giveUpAfter}. Anything else (a syntax error, an invalid query, a missing permission, a
 * failing function) comes back on every retry, so it fails the task at once with what to do.
 */
public final class ReadFailures {
    private final String connector;
    private final Duration giveUpAfter;
    private long failingSince = -1;

    public ReadFailures(String connector, Duration giveUpAfter) {
        this.connector = connector;
        this.giveUpAfter = giveUpAfter;
    }

    /** Whether retrying the same query can succeed. */
    static boolean retriable(Throwable failure) {
        return failure instanceof DriverTimeoutException || failure instanceof AllNodesFailedException
                || failure instanceof QueryConsistencyException || failure instanceof UnavailableException
                || failure instanceof OverloadedException || failure instanceof BootstrappingException
                || failure instanceof ClosedConnectionException || failure instanceof HeartbeatException
                || failure instanceof BusyConnectionException || failure instanceof RequestThrottlingException;
    }

    public void succeeded() {
        failingSince = -1;
    }

    /** The exception for Connect when reading {@code reading} (a reader's description) failed at {@code now}. */
    public RuntimeException failed(String reading, RuntimeException failure, long nowMillis) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (!retriable(failure)) {
            failingSince = -1;
            return new ConnectException("Connector " + connector + ": reading " + reading + " failed with " + reason
                    + ". Retrying cannot help: check that the table and the columns the connector reads exist as "
                    + "configured and that the connector's Cassandra user may SELECT from the table, then restart "
                    + "the task.", failure);
        }
        if (failingSince < 0) {
            failingSince = nowMillis;
        }
        if (nowMillis - failingSince > giveUpAfter.toMillis()) {
            return new ConnectException("Connector " + connector + ": reading " + reading + " has failed for "
                    + giveUpAfter.toMinutes() + " minutes, last with " + reason + ". Check that Cassandra is up and "
                    + "reachable, then restart the task: it resumes where it stopped.", failure);
        }
        return new RetriableException("Connector " + connector + ": reading " + reading + " failed, will retry: "
                + reason, failure);
    }
}
