package io.ckbridge.bench.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ckbridge.bench.BenchRows;
import io.ckbridge.bench.RowIds;
import io.ckbridge.bench.measure.CpuTime;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ceiling a sink is measured against: the same rows written straight to Cassandra with the
 * Java driver's asynchronous requests, at the concurrency that turns out fastest here.
 */
final class DriverCeiling {
    private static final List<Integer> CONCURRENCIES = List.of(64, 128, 256, 512, 1024);

    record Result(int concurrency, long rows, double seconds, double clientCpuSeconds, double cassandraCpuSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private DriverCeiling() {
    }

    static Result measure(CqlSession session, String table, long rows, long cassandraPid, PrintWriter out)
            throws InterruptedException {
        PreparedStatement insert = session.prepare("INSERT INTO " + table + " (" + BenchRows.INSERT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        long trial = Math.min(40_000, Math.max(5_000, rows / 20));
        int best = CONCURRENCIES.get(0);
        double bestRate = 0;
        RowIds ids = new RowIds();
        // Taken first, though written last: the measured rows are the sink's, ids 0 to rows - 1.
        RowIds.Range measured = ids.next(rows);
        for (int concurrency : CONCURRENCIES) {
            Result result = write(session, insert, ids.next(trial), concurrency);
            out.printf("    trial: concurrency %4d -> %,.0f rows/s%n", concurrency, result.rowsPerSecond());
            out.flush();
            if (result.rowsPerSecond() > bestRate) {
                bestRate = result.rowsPerSecond();
                best = concurrency;
            }
        }
        double client = CpuTime.self();
        double cassandra = CpuTime.seconds(cassandraPid);
        Result result = write(session, insert, measured, best);
        return new Result(result.concurrency(), result.rows(), result.seconds(), CpuTime.self() - client,
                CpuTime.seconds(cassandraPid) - cassandra);
    }

    private static Result write(CqlSession session, PreparedStatement insert, RowIds.Range ids, int concurrency)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (long id = ids.first(); id < ids.end() && failure.get() == null; id++) {
            permits.acquire();
            session.executeAsync(insert.bind(BenchRows.values(id))).whenComplete((rs, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }
        permits.tryAcquire(concurrency, 5, TimeUnit.MINUTES);
        if (failure.get() != null) {
            throw new IllegalStateException("ceiling writes failed: " + failure.get().getMessage(), failure.get());
        }
        return new Result(concurrency, ids.count(), (System.nanoTime() - start) / 1e9, 0, 0);
    }
}
