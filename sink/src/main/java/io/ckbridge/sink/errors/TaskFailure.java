package io.ckbridge.sink.errors;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The first error that must stop the task. Writes complete on driver threads; the task's own
 * thread rethrows the error from its next put() or preCommit(), which is where Connect sees it.
 */
public final class TaskFailure {
    private final AtomicReference<ConnectException> failure = new AtomicReference<>();

    public void fail(ConnectException error) {
        failure.compareAndSet(null, error);
    }

    public boolean hasFailed() {
        return failure.get() != null;
    }

    /** The error recorded, to throw where the task must stop now. */
    public ConnectException error() {
        return failure.get();
    }

    public void throwIfFailed() {
        ConnectException error = failure.get();
        if (error != null) {
            throw error;
        }
    }
}
