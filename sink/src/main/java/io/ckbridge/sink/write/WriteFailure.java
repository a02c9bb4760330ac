package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;

/** What a failed write means for the records in it. */
public enum WriteFailure {
    /** The cluster is busy or a node is away: retrying can succeed. */
    TRANSIENT,
    /**
     * Cassandra refuses this data and will refuse it every time (an invalid or oversized value, a
     * replica that cannot apply it): the record goes to the dead-letter queue, or fails the task
     * at once when errors are not tolerated.
     */
    RECORD,
    /** Nothing will succeed until someone acts (table gone, no permission): the task fails. */
    FATAL;

    /**
     * Codes of a write failure's reasons (Cassandra's RequestFailureReason) that say a replica
     * could not take the write for now: timeout, schema not yet agreed, node down, index not yet
     * available, and the cluster-metadata codes of newer versions. Any other code (UNKNOWN: the
     * replica's write threw) is about the data.
     */
    private static final Set<Integer> PASSING_REASONS = Set.of(2, 3, 5, 6, 8, 9, 10, 11, 503);

    public static WriteFailure of(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof WriteFailureException failure) {
            return isPassing(failure) ? TRANSIENT : RECORD;
        }
        if (e instanceof WriteTimeoutException || e instanceof UnavailableException || e instanceof OverloadedException
                || e instanceof DriverTimeoutException || e instanceof AllNodesFailedException
                || e instanceof BusyConnectionException || e instanceof ClosedConnectionException
                || e instanceof HeartbeatException || e instanceof BootstrappingException
                || e instanceof TruncateException) {
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
        // Cassandra failed on this very statement (ServerError), or the row could not be encoded
        if (e instanceof ServerError || e instanceof SyntaxError || e instanceof FunctionFailureException
                || e instanceof CodecNotFoundException || e instanceof IllegalArgumentException
                || e instanceof ClassCastException) {
            return RECORD;
        }
        return FATAL;
    }

    /**
     * A failure a retry can get past: a replica failed for a passing reason, or a logged batch
     * failed after Cassandra had written its batch log, so Cassandra replays it and it must not be
     * taken for refused (its records would be written twice, or set aside though applied).
     */
    private static boolean isPassing(WriteFailureException failure) {
        return failure.getWriteType() == DefaultWriteType.BATCH
                || failure.getReasonMap().values().stream().anyMatch(PASSING_REASONS::contains);
    }

    /** For a record's error report: what Cassandra or the driver said, and in which exception. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        return "Cassandra refused the write (" + e.getClass().getSimpleName() + "): " + e.getMessage()
                + (e instanceof WriteFailureException ? "; the failing replica's log says why" : "");
    }

    /**
     * True when a failed logged batch may nevertheless be applied later, so it must not simply be
     * sent again: the batch log was written, or the request reached the cluster and timed out.
     */
    public static boolean isAmbiguous(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof WriteTimeoutException || e instanceof DriverTimeoutException
                || e instanceof ClosedConnectionException || e instanceof HeartbeatException
                || (e instanceof WriteFailureException failure && failure.getWriteType() == DefaultWriteType.BATCH);
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
