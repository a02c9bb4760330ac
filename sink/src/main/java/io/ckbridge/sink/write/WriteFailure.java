package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/** What a failed write means for the records in it. */
public enum WriteFailure {
    /** The cluster is busy or a node is away: retrying can succeed. */
    TRANSIENT,
    /** Cassandra refused this data (e.g. an invalid value): the record goes to the dead-letter queue. */
    RECORD,
    /** Nothing will succeed until someone acts (table gone, no permission): the task fails. */
    FATAL;

    public static WriteFailure of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof WriteTimeoutException || e instanceof UnavailableException || e instanceof OverloadedException
                || e instanceof DriverTimeoutException || e instanceof AllNodesFailedException
                || e instanceof BusyConnectionException || e instanceof ClosedConnectionException
                || e instanceof HeartbeatException || e instanceof BootstrappingException
                || e instanceof TruncateException
                || e instanceof ServerError || e instanceof WriteFailureException) {
            return TRANSIENT;
        }
        if (e instanceof InvalidQueryException) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            // the schema changed under the task: no record can be written until it is fixed
            if (message.contains("unconfigured table") || message.contains("does not exist")
                    || message.contains("undefined column")) {
                return FATAL;
            }
            return RECORD;
        }
        return FATAL;
    }

    /**
     * True when a failed logged batch may nevertheless be applied later, so it must not simply be
     * sent again: the batch log was written, or the request reached the cluster and timed out.
     */
    public static boolean isAmbiguous(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof WriteTimeoutException || e instanceof DriverTimeoutException
                || e instanceof ClosedConnectionException || e instanceof HeartbeatException;
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
