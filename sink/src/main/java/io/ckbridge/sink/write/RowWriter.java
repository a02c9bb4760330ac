package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.ckbridge.sink.mapping.RowWrite;

/**
 * Common ground of the writers: the records of one put() are queued, then cut into requests
 * (batches) that are submitted while fewer than the maximum are in flight, which is backpressure
 * instead of buffering when Cassandra is slower than Kafka; transient failures are retried with
 * backoff. Writes never block the task thread: they complete on driver threads and report
 * through {@link WriteOutcome}.
 */
public abstract class RowWriter implements AutoCloseable {
    protected final CqlSession session;
    protected final StatementCache statements;
    protected final BatchLimits limits;
    protected final Backoff backoff;
    protected final WriteOutcome outcome;
    protected final WriteTimestamps timestamps = new WriteTimestamps();
    protected List<RecordWrite> queued = new ArrayList<>();

    private final Semaphore permits;
    private final int maxInFlight;
    private final ScheduledExecutorService scheduler;
    /** When preparing a statement first failed with a transient error (0: it has not). */
    private long preparingFailedSince;

    protected RowWriter(CqlSession session, StatementCache statements, BatchLimits limits, Backoff backoff,
                        int maxInFlight, WriteOutcome outcome) {
        this.session = session;
        this.statements = statements;
        this.limits = limits;
        this.backoff = backoff;
        this.outcome = outcome;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cassandra-sink-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a record; it is written at the next {@link #flush}. */
    public void add(RecordWrite record) {
        queued.add(record);
    }

    /**
     * Submits the queued records as requests, each once fewer than the maximum are in flight.
     * Returns the records it could not submit because no request completed within
     * {@code maxWait} (Cassandra is slower than Kafka): the caller hands them back to Connect.
     */
    public final List<RecordWrite> flush(Duration maxWait) throws InterruptedException {
        if (queued.isEmpty()) {
            return List.of();
        }
        List<RecordWrite> records = queued;
        queued = new ArrayList<>();
        long deadline = System.nanoTime() + maxWait.toNanos();
        List<Request> requests;
        try {
            requests = requests(records); // prepares the statements of tables met for the first time
            preparingFailedSince = 0;
        } catch (DriverException e) {
            // a server error while preparing concerns no record: it is retried like a transient one
            boolean passing = WriteFailure.of(e) == WriteFailure.TRANSIENT || e instanceof ServerError;
            if (!passing || preparingTooLong()) {
                throw e;
            }
            return records; // Cassandra is busy: Connect hands the records back shortly
        }
        for (int i = 0; i < requests.size(); i++) {
            if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                Set<RecordWrite> left = new LinkedHashSet<>();
                requests.subList(i, requests.size()).forEach(request -> left.addAll(request.records()));
                return new ArrayList<>(left);
            }
            Request request = requests.get(i);
            request.submit().run();
        }
        return List.of();
    }

    private boolean preparingTooLong() {
        long now = System.currentTimeMillis();
        if (preparingFailedSince == 0) {
            preparingFailedSince = now;
        }
        return now - preparingFailedSince > backoff.giveUpAfterMs();
    }

    /**
     * One request to Cassandra: the records it covers and how to submit it. The work it submits
     * must call {@link #requestDone()} exactly once when finished.
     */
    protected record Request(List<RecordWrite> records, Runnable submit) {
    }

    /** Splits queued records into requests, in the order they must be submitted. */
    protected abstract List<Request> requests(List<RecordWrite> records);

    /** Frees the room of a finished request. */
    protected void requestDone() {
        permits.release();
    }

    /** Requests in flight and records queued. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits() + queued.size();
    }

    /** Waits until nothing is in flight; false if the timeout passes first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (permits.availablePermits() < maxInFlight) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** One row of the record is finished, written or not; the record is reported written after its last row. */
    protected void rowDone(RecordWrite record) {
        if (record.rowDone() && !record.hasFailed()) {
            outcome.written(record);
        }
    }

    /** Cassandra refused a row: the record is reported once, then the row is finished. */
    protected void rowRefused(RecordWrite record, RowWrite row, Throwable error) {
        if (record.markFailed()) {
            outcome.refused(record, row, error);
        }
        rowDone(record);
    }

    /** Gives up on a row after a fatal failure: frees its room, leaves its record's offset uncommitted. */
    protected void abandon(RecordWrite record) {
        record.markFailed();
        rowDone(record);
    }

    /**
     * Executes a statement, retrying transient failures with backoff until the retry time is
     * used up. Completes with null on success, else with the final error: a {@link RetriesExhausted},
     * or the error itself when it is not transient. When a failure is ambiguous (the write may
     * have been applied), {@code appliedCheck} (if given) decides whether it was.
     */
    protected CompletableFuture<Throwable> executeWithRetry(Supplier<Statement<?>> statement,
                                                            Supplier<CompletionStage<Boolean>> appliedCheck) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Statement<?> built;
        try {
            built = statement.get();
        } catch (RuntimeException e) {
            // reported like a refused write, so the request still finishes and frees its room
            result.complete(e);
            return result;
        }
        attempt(built, appliedCheck, 1, System.currentTimeMillis() + backoff.giveUpAfterMs(), result);
        return result;
    }

    private void attempt(Statement<?> statement, Supplier<CompletionStage<Boolean>> appliedCheck, int attempt,
            long deadline,
                         CompletableFuture<Throwable> result) {
        session.executeAsync(statement).whenComplete((resultSet, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            Throwable cause = WriteFailure.unwrap(error);
            if (WriteFailure.of(cause) != WriteFailure.TRANSIENT) {
                result.complete(cause);
                return;
            }
            Runnable retry = () -> {
                if (System.currentTimeMillis() >= deadline) {
                    result.complete(new RetriesExhausted(attempt, cause));
                } else {
                    scheduler.schedule(() -> attempt(statement, appliedCheck, attempt + 1, deadline, result),
                            backoff.delayMs(attempt), TimeUnit.MILLISECONDS);
                }
            };
            if (appliedCheck != null && WriteFailure.isAmbiguous(cause)) {
                appliedCheck.get().whenComplete((applied, checkError) -> {
                    if (Boolean.TRUE.equals(applied)) {
                        result.complete(null);
                    } else {
                        retry.run();
                    }
                });
            } else {
                retry.run();
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Transient failures went on longer than cassandra.write.retry.timeout.ms. */
    public static final class RetriesExhausted extends RuntimeException {
        public RetriesExhausted(int attempts, Throwable last) {
            super("writes kept failing for the whole retry time (" + attempts + " attempts); last error: "
                    + last.getMessage(), last);
        }
    }
}
