package io.ckbridge.bench.repair;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes at a steady rate on a thread of its own, each timed from when it was due (not when it
 * was sent, so that a stalled cluster shows in the latency rather than in fewer writes).
 */
final class SteadyWrites implements AutoCloseable {
    private final CqlSession session;
    private final PreparedStatement insert;
    private final int rate;
    private final AtomicLong nextId;
    private final Thread writer;
    private final long[] latencies;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopped;

    SteadyWrites(CqlSession session, PreparedStatement insert, int rate, AtomicLong nextId, int maxSeconds) {
        this.session = session;
        this.insert = insert;
        this.rate = rate;
        this.nextId = nextId;
        this.latencies = new long[rate * maxSeconds];
        this.writer = new Thread(this::write, "bench-steady-writes");
        writer.setDaemon(true);
        writer.start();
    }

    private void write() {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (long n = 0; !stopped && n < latencies.length; n++) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long id = nextId.getAndIncrement();
            session.executeAsync(insert.bind(id, "steady " + id).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            return;
                        }
                        long slot = recorded.getAndIncrement();
                        if (slot < latencies.length) {
                            latencies[(int) slot] = System.nanoTime() - due;
                        }
                    });
        }
    }

    /** Stops writing; the latencies of what was written, sorted, in ns. */
    long[] stop() throws InterruptedException {
        stopped = true;
        writer.join();
        Thread.sleep(2_000); // the last writes complete
        return sorted();
    }

    long failed() {
        return failed.get();
    }

    private long[] sorted() {
        long[] copy = Arrays.copyOf(latencies, (int) Math.min(latencies.length, recorded.get()));
        Arrays.sort(copy);
        return copy;
    }

    /** Milliseconds at {@code fraction} of sorted ns latencies. */
    static double millisAt(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, sorted.length * fraction)] / 1e6;
    }

    @Override
    public void close() {
        stopped = true;
        writer.interrupt();
    }
}
