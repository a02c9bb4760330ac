package io.ckbridge.cli.day2;

import java.time.Duration;
import java.util.List;

/**
 * How hard and how long a rehearsal loads the pipeline.
 *
 * @param rate    records a second on each path (the sink's producer, the CDC table's writer)
 * @param seconds the load runs at least this long (and for as long as the scenario's steps take)
 * @param restart the servers rolling-restart restarts, in this order (empty: every Cassandra node,
 *                then connect, then kafka)
 */
public record Day2Settings(int rate, int seconds, List<String> restart) {
    public Day2Settings(int rate, int seconds) {
        this(rate, seconds, List.of());
    }

    public Day2Settings {
        restart = restart == null ? List.of() : List.copyOf(restart);
        if (rate < 1 || rate > 5_000) {
            throw new IllegalArgumentException("--rate must be in 1..5000 records a second, not " + rate);
        }
        if (seconds < 10) {
            throw new IllegalArgumentException("--seconds must be at least 10, not " + seconds);
        }
    }

    /** Steady load before the first step, so the report's delays have a baseline. */
    public Duration warmUp() {
        return Duration.ofSeconds(Math.max(5, seconds / 4));
    }
}
