package io.ckbridge.ops.repair;

import java.time.Instant;
import java.util.List;

/**
 * Repair as one poll of ops saw it: the recent runs with their progress, and for each keyspace
 * repair knows (it has a run or a schedule) how long its tombstones live and when it was last
 * repaired whole.
 */
public record RepairStatus(List<RunProgress> runs, List<KeyspaceRepair> keyspaces) {

    static Instant earlier(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }

    /**
     * @param gcGraceSeconds   the smallest {@code gc_grace_seconds} of its tables (tombstones may be
     *                         purged after it, so every replica must be repaired within it)
     * @param lastFullRepair   when the newest run that repaired all its tables and every segment started
     * @param lastFullRunId    that run
     * @param knownSince       when repair first knew the keyspace (its oldest run or schedule)
     */
    public record KeyspaceRepair(String keyspace, String gcGraceTable, long gcGraceSeconds, Instant lastFullRepair,
            String lastFullRunId, Instant knownSince) {
    }
}
