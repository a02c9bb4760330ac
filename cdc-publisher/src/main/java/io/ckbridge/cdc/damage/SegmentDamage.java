package io.ckbridge.cdc.damage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A segment whose bytes below the durable offset could not be read: everything up to
 * {@code verifiedOffset} is published, the rest waits for a person's decision.
 *
 * @param log            where the segment is now (cdc_raw, or the quarantine folder)
 * @param verifiedOffset where the last entry that could be read ends
 * @param durableOffset  the offset the index file declared synced when the damage was found
 * @param errors         what Cassandra's reader reported
 */
public record SegmentDamage(long segmentId, String log, int verifiedOffset, int durableOffset, List<String> errors,
        String detectedAt) {

    public SegmentDamage {
        errors = List.copyOf(errors);
    }

    public static SegmentDamage found(long segmentId, Path log, int verifiedOffset, int durableOffset,
            List<String> errors) {
        return new SegmentDamage(segmentId, log.toString(), verifiedOffset, durableOffset, errors,
                Instant.now().toString());
    }

    public Path logFile() {
        return Path.of(log);
    }

    public SegmentDamage movedTo(Path newLog) {
        return new SegmentDamage(segmentId, newLog.toString(), verifiedOffset, durableOffset, errors, detectedAt);
    }

    /** One line for logs and /health. */
    public String describe() {
        return "segment " + segmentId + " (" + logFile().getFileName() + ") is damaged at offset " + verifiedOffset
                + " of " + durableOffset + " durable bytes: "
                + (errors.isEmpty() ? "no readable entry" : errors.get(0));
    }
}
