package io.ckbridge.sink.write;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key and concurrently across keys: writes to the same
 * partition keep their order while different partitions are written in parallel.
 */
final class Lanes<K> {
    private final ConcurrentHashMap<K, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    void submit(K key, Supplier<CompletableFuture<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        Runnable start = () -> {
            CompletableFuture<Void> running;
            try {
                running = work.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((ignored, error) -> {
                tails.remove(key, done);
                done.complete(null);
            });
        };
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((ignored, error) -> start.run());
        }
    }

    /**
     * Runs work that touches several keys at once, after the work queued on each of them; later
     * work on any of those keys waits for it.
     */
    void submitAll(List<K> keys, Supplier<CompletableFuture<Void>> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<Void>> previous = new ArrayList<>();
        for (K key : keys) {
            CompletableFuture<Void> tail = tails.put(key, done);
            if (tail != null) {
                previous.add(tail);
            }
        }
        Runnable start = () -> {
            CompletableFuture<Void> running;
            try {
                running = work.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((ignored, error) -> {
                keys.forEach(key -> tails.remove(key, done));
                done.complete(null);
            });
        };
        if (previous.isEmpty()) {
            start.run();
        } else {
            CompletableFuture.allOf(previous.toArray(CompletableFuture[]::new))
                    .whenComplete((ignored, error) -> start.run());
        }
    }

    /** True when nothing is queued or running for the key. */
    boolean isIdle(K key) {
        return !tails.containsKey(key);
    }

    boolean isIdle() {
        return tails.isEmpty();
    }
}
