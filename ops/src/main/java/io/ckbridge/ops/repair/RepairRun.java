package io.ckbridge.ops.repair;

import java.time.Instant;
import java.util.UUID;

/**
 * A repair run as stored: its request, state and times; {@code cause} says who started it (a
 * user, a schedule), {@code scheduleId} is null for a run started by hand. {@code pacedUntil}: no
 * segment of it starts before then (its intensity's pause after the last one, kept in the store so
 * that every instance working on the run keeps it).
 */
public record RepairRun(UUID id, RepairRequest request, RunState state, String cause, UUID scheduleId,
        Instant createdAt, Instant endedAt, int segmentCount, String error, Instant pacedUntil) {
}
