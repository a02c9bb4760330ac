package io.ckbridge.sink.write;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so tasks retrying together do not retry in step. */
public record Backoff(long initialMs, long maxMs, long giveUpAfterMs) {
    public long delayMs(int attempt) {
        long base = Math.min(maxMs, initialMs << Math.min(attempt - 1, 20));
        long jitter = base / 5;
        return Math.max(1, base - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1));
    }
}
