package io.ckbridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Watches the kernel's I/O pressure (/proc/pressure/io) while a benchmark phase runs and keeps its
 * longest stall: a stretch in which some task waited on the disk all the time. A commit-log sync
 * blocked behind a slow device flush holds back every change written meanwhile, so a latency
 * tail that matches such a stall comes from the disk, not from the pipeline.
 */
public final class IoStallWatch implements AutoCloseable {
    public static final Path PRESSURE = Path.of("/proc/pressure/io");
    private static final long SAMPLE_MILLIS = 50;
    /** A sample counts as stalled when a task waited on I/O for at least this share of it. */
    private static final double STALLED_SHARE = 0.9;

    private final Path pressure;
    private final Thread thread;
    private final Stalls stalls = new Stalls();
    private volatile boolean stopped;

    private IoStallWatch(Path pressure) {
        this.pressure = pressure;
        thread = new Thread(this::watch, "io-stall-watch");
        thread.setDaemon(true);
    }

    /** A running watch, or none where the kernel does not report pressure (not Linux, or PSI off). */
    public static Optional<IoStallWatch> start(Path pressure) {
        if (someStalledMicros(pressure).isEmpty()) {
            return Optional.empty();
        }
        IoStallWatch watch = new IoStallWatch(pressure);
        watch.thread.start();
        return Optional.of(watch);
    }

    private void watch() {
        long previous = someStalledMicros(pressure).orElse(0);
        long previousAt = System.nanoTime();
        while (!stopped) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                break; // closed: the stall in progress still counts
            }
            long now = System.nanoTime();
            long stalled = someStalledMicros(pressure).orElse(previous);
            stalls.sample(TimeUnit.NANOSECONDS.toMicros(now - previousAt), stalled - previous);
            previous = stalled;
            previousAt = now;
        }
        stalls.end();
    }

    public long longestStallMillis() {
        return stalls.longestMillis();
    }

    public long stallsOver200Ms() {
        return stalls.over200Ms();
    }

    /** Stretches of consecutive samples in which a task waited on I/O for nearly all the time. */
    static final class Stalls {
        private long current;
        private long longest;
        private long over200Ms;

        synchronized void sample(long elapsedMicros, long stalledMicros) {
            if (elapsedMicros > 0 && stalledMicros >= STALLED_SHARE * elapsedMicros) {
                current += elapsedMicros;
            } else {
                end();
            }
        }

        synchronized void end() {
            longest = Math.max(longest, current);
            if (current >= 200_000) {
                over200Ms++;
            }
            current = 0;
        }

        synchronized long longestMillis() {
            return longest / 1000;
        }

        synchronized long over200Ms() {
            return over200Ms;
        }
    }

    /** The "some" line's total: microseconds in which at least one task waited on I/O. */
    static OptionalLong someStalledMicros(Path pressure) {
        try {
            for (String line : Files.readAllLines(pressure)) {
                if (line.startsWith("some ")) {
                    int at = line.indexOf("total=");
                    return at < 0
                            ? OptionalLong.empty()
                            : OptionalLong.of(Long.parseLong(line.substring(at + 6).trim()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(1000);
    }
}
