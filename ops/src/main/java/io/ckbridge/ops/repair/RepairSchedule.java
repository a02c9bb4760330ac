package io.ckbridge.ops.repair;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A repair that repeats: every {@code every} from its start, the next at {@code nextRun};
 * {@code active} false while paused. {@code lastRunId} is the newest run it started.
 */
public record RepairSchedule(UUID id, RepairRequest request, Duration every, Instant nextRun, boolean active,
        Instant createdAt, UUID lastRunId) {
    public RepairSchedule {
        if (every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("a schedule repeats at most once a minute, not every " + every);
        }
    }

    /** {@code 7d}, {@code 12h} or {@code 30m}: how often a schedule repeats. */
    public static Duration parseEvery(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.length() < 2) {
            throw new IllegalArgumentException("every '" + text + "' is not a number of days, hours or minutes "
                    + "(7d, 12h, 30m)");
        }
        long amount;
        try {
            amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("every '" + text + "' is not a number of days, hours or minutes "
                    + "(7d, 12h, 30m)");
        }
        return switch (Character.toLowerCase(trimmed.charAt(trimmed.length() - 1))) {
            case 'd' -> Duration.ofDays(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("every '" + text + "' ends in d, h or m (7d, 12h, 30m)");
        };
    }

    /** The shortest of {@code 7d}, {@code 12h}, {@code 90m} that says {@code every}. */
    public static String everyLabel(Duration every) {
        if (every.toMinutes() % (24 * 60) == 0) {
            return every.toDays() + "d";
        }
        return every.toMinutes() % 60 == 0 ? every.toHours() + "h" : every.toMinutes() + "m";
    }

    /** The first time after {@code now} that this schedule comes to, counted from its next run. */
    public Instant nextAfter(Instant now) {
        Instant next = nextRun;
        if (!next.isAfter(now)) {
            long behind = Duration.between(next, now).toMillis() / every.toMillis() + 1;
            next = next.plusMillis(behind * every.toMillis());
        }
        return next;
    }
}
