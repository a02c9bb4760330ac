package io.ckbridge.ops.repair;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as the API, the page and the CLI show it: its request and state, how many segments are
 * in each state, and its segment grid, one letter per segment (P pending, W postponed, R running,
 * D done, F failed).
 */
public record RunProgress(UUID id, String keyspace, List<String> tables, int segmentsPerNode, double intensity,
        String parallelism, boolean incremental, RunState state, String cause, UUID scheduleId, Instant createdAt,
        Instant startedAt, Instant endedAt, int total, int pending, int postponed, int running, int done, int failed,
        String grid, String waiting, String error) {

    public static RunProgress of(RepairRun run, List<SegmentRecord> segments) {
        int[] counts = new int[SegmentState.values().length];
        StringBuilder grid = new StringBuilder();
        Instant started = null;
        String waiting = null;
        for (SegmentRecord segment : segments) {
            counts[segment.state().ordinal()]++;
            grid.append(segment.state().letter());
            if (segment.startedAt() != null && (started == null || segment.startedAt().isBefore(started))) {
                started = segment.startedAt();
            }
            if (segment.state() == SegmentState.POSTPONED && waiting == null) {
                waiting = segment.error();
            }
        }
        RepairRequest request = run.request();
        return new RunProgress(run.id(), request.keyspace(), request.tables(), request.segmentsPerNode(),
                request.intensity(), request.parallelism().label(), request.incremental(), run.state(), run.cause(),
                run.scheduleId(), run.createdAt(), started, run.endedAt(), segments.size(),
                counts[SegmentState.PENDING.ordinal()], counts[SegmentState.POSTPONED.ordinal()],
                counts[SegmentState.RUNNING.ordinal()], counts[SegmentState.DONE.ordinal()],
                counts[SegmentState.FAILED.ordinal()], grid.toString(), waiting, run.error());
    }

    /** Share of segments finished (done or failed), 0 to 1. */
    public double finishedShare() {
        return total == 0 ? 0 : (double) (done + failed) / total;
    }
}
