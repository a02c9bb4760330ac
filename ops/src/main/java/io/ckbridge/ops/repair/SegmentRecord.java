package io.ckbridge.ops.repair;

import java.time.Instant;
import java.util.UUID;

/**
 * A segment of a run as stored: its ranges and replicas, state, attempts so far, the node that
 * coordinated its last attempt, times, and the last error or the reason it is postponed.
 */
public record SegmentRecord(UUID runId, int seq, Segment segment, SegmentState state, int attempts,
        String coordinator, Instant startedAt, Instant endedAt, long tookMs, String error) {

    SegmentRecord with(SegmentState newState, String newError) {
        return new SegmentRecord(runId, seq, segment, newState, attempts, coordinator, startedAt, endedAt, tookMs,
                newError);
    }
}
