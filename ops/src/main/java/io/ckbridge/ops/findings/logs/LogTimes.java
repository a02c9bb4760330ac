package io.ckbridge.ops.findings.logs;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time at the start of a log line, in the layouts our servers write: Cassandra's
 * {@code WARN  [thread] 2026-12-03 10:00:00,123 File.java:12 - ...} and the sandbox's
 * {@code 2026-12-03 10:00:00,123 WARN ...}, Kafka's {@code [2026-12-03 10:00:00,123] WARN ...},
 * ISO-8601 with a {@code T}. Servers log in their local time zone.
 */
final class LogTimes {
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(?:[,.](\\d{1,9}))?");
    /** Where in a line its time may start: after the level and thread of Cassandra's layout at most. */
    private static final int LOOK_AHEAD = 120;

    private final ZoneId zone;

    LogTimes(ZoneId zone) {
        this.zone = zone;
    }

    OptionalLong parse(String line) {
        Matcher matcher = TIME.matcher(line);
        matcher.region(0, Math.min(line.length(), LOOK_AHEAD));
        if (!matcher.find()) {
            return OptionalLong.empty();
        }
        String fraction = matcher.group(3) == null ? "0" : (matcher.group(3) + "000000000").substring(0, 9);
        try {
            return OptionalLong.of(LocalDateTime.parse(matcher.group(1) + "T" + matcher.group(2) + "." + fraction)
                    .atZone(zone).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
