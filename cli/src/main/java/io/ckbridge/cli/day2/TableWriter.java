package io.ckbridge.cli.day2;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes rows {@code 0, 1, 2, ...} to {@code day2.events} (a CDC table the source connector also
 * polls) at a steady rate, at QUORUM, as an application would: a write that fails is tried again
 * until it succeeds. {@code written} is the coordinator's time of the attempt that succeeded.
 */
final class TableWriter implements AutoCloseable {
    static final String TABLE = "events";
    private static final int IN_FLIGHT = 64;
    private static final long RETRY_AFTER_MS = 250;

    private final CqlSession session;
    private final int rate;
    private final SendTimes sent = new SendTimes();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "day2-writer-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<List<String>, PreparedStatement> prepared = new ConcurrentHashMap<>();
    private final BitSet acked = new BitSet();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicReference<String> firstRetryCause = new AtomicReference<>();
    private volatile List<String> columns = List.of("origin");
    private volatile boolean writing = true;
    private volatile boolean paused;
    private final Thread thread;

    TableWriter(CqlSession session, int rate) {
        this.session = session;
        this.rate = rate;
        thread = new Thread(this::write, "day2-table-writer");
    }

    void start() {
        thread.start();
    }

    SendTimes sent() {
        return sent;
    }

    /** The text columns written from now on, each with {@code <column>-<id>}. */
    void columns(List<String> textColumns) {
        columns = List.copyOf(textColumns);
    }

    List<String> columns() {
        return columns;
    }

    /** Stops taking new rows (the rate's schedule restarts on {@link #resume}); waits for writes in flight. */
    void pause() throws InterruptedException {
        paused = true;
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
    }

    void resume() {
        paused = false;
    }

    private void write() {
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (long id = 0; writing; ) {
            if (paused) {
                SinkLoad.sleepNanos(20_000_000);
                next = System.nanoTime();
                continue;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                SinkLoad.sleepNanos(wait);
            }
            next += intervalNanos;
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sent.sent(id, System.nanoTime());
            attempt(id++, columns);
        }
    }

    private void attempt(long id, List<String> textColumns) {
        BoundStatement statement;
        try {
            PreparedStatement insert = prepared.computeIfAbsent(textColumns, this::prepare);
            List<Object> values = new ArrayList<>();
            values.add(id);
            textColumns.forEach(column -> values.add(column + "-" + id));
            statement = insert.bind(values.toArray()).setConsistencyLevel(ConsistencyLevel.QUORUM);
        } catch (RuntimeException e) {
            retryLater(id, e);
            return;
        }
        session.executeAsync(statement).whenComplete((result, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
                synchronized (acked) {
                    acked.set((int) id);
                }
                inFlight.release();
            } else {
                retryLater(id, error);
            }
        });
    }

    private void retryLater(long id, Throwable error) {
        retried.incrementAndGet();
        firstRetryCause.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
        // a column dropped meanwhile is no longer written: the retry takes the columns of now
        retries.schedule(() -> attempt(id, columns), RETRY_AFTER_MS,
                TimeUnit.MILLISECONDS);
    }

    private PreparedStatement prepare(List<String> textColumns) {
        StringBuilder names = new StringBuilder("id, written");
        StringBuilder marks = new StringBuilder("?, toTimestamp(now())");
        for (String column : textColumns) {
            names.append(", ").append(column);
            marks.append(", ?");
        }
        return session.prepare("INSERT INTO day2." + TABLE + " (" + names + ") VALUES (" + marks + ")");
    }

    /** Stops writing and waits (up to a minute) for the writes in flight and their retries. */
    void stop() throws InterruptedException {
        writing = false;
        thread.join();
        if (inFlight.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
            inFlight.release(IN_FLIGHT);
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** The ids acknowledged. */
    BitSet acked() {
        synchronized (acked) {
            return (BitSet) acked.clone();
        }
    }

    long retried() {
        return retried.get();
    }

    String firstRetryCause() {
        return firstRetryCause.get();
    }

    @Override
    public void close() {
        writing = false;
        retries.shutdownNow();
    }
}
