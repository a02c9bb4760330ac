package io.ckbridge.sink.write;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Write times in microseconds, strictly increasing within the task. A write gets its time when
 * first sent and keeps it through retries, so a retried older write never overwrites a newer one.
 */
public final class WriteTimestamps {
    private final AtomicLong last = new AtomicLong();

    public long next() {
        long now = System.currentTimeMillis() * 1000;
        return last.updateAndGet(previous -> Math.max(now, previous + 1));
    }
}
