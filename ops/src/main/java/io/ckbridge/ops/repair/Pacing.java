package io.ckbridge.ops.repair;

import java.time.Duration;

/**
 * Reaper's intensity: after a segment that took {@code t}, wait {@code t·(1−i)/i}, so that
 * repair runs a share {@code i} of the time (1: back to back, 0.5: as long a pause as the work).
 */
public final class Pacing {
    private Pacing() {
    }

    public static Duration pauseAfter(Duration took, double intensity) {
        if (!(intensity > 0 && intensity <= 1)) {
            throw new IllegalArgumentException("intensity must be in (0, 1], not " + intensity);
        }
        return Duration.ofNanos(Math.round(took.toNanos() * (1 - intensity) / intensity));
    }
}
