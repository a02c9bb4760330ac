package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.repair.RepairStatus;
import io.ckbridge.ops.repair.RepairStatus.KeyspaceRepair;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyspace repair knows that has not been repaired whole within its smallest
 * {@code gc_grace_seconds}, counted from its last full repair's start (or, never repaired, from
 * when repair first knew it).
 */
final class GcGraceRule implements FindingRule {
    static final String RULE = "repair-gc-grace";

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        RepairStatus repair = now.repair();
        if (repair == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (KeyspaceRepair keyspace : repair.keyspaces()) {
            Instant from = keyspace.lastFullRepair() != null ? keyspace.lastFullRepair() : keyspace.knownSince();
            long overMs = now.timeMs() - from.toEpochMilli() - keyspace.gcGraceSeconds() * 1000;
            if (overMs <= 0) {
                continue;
            }
            String grace = keyspace.gcGraceSeconds() + " s (" + Figures.duration(keyspace.gcGraceSeconds() * 1000)
                    + ")";
            String last = keyspace.lastFullRepair() == null
                    ? "it has never been repaired whole since repair first knew it, " + Figures.duration(
                            now.timeMs() - from.toEpochMilli()) + " ago"
                    : "its last full repair (run " + keyspace.lastFullRunId() + ") started "
                            + Figures.duration(now.timeMs() - from.toEpochMilli()) + " ago";
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.fact(keyspace.keyspace() + "." + keyspace.gcGraceTable() + " gc_grace_seconds = "
                    + keyspace.gcGraceSeconds()));
            evidence.add(Evidence.fact(keyspace.lastFullRepair() == null
                    ? "no DONE run of the whole keyspace; known since " + from
                    : "last DONE run of the whole keyspace: " + keyspace.lastFullRunId() + ", started " + from));
            findings.add(new Finding(RULE + ":" + keyspace.keyspace(), RULE, Severity.WARNING,
                    "keyspace " + keyspace.keyspace() + " has not been fully repaired within gc_grace_seconds "
                            + grace + ": " + last,
                    "A delete is a tombstone that compaction may purge once gc_grace_seconds have passed. A "
                            + "replica that missed the delete (down, dropped mutation, lost hint) still holds the "
                            + "old value; once the tombstone is gone elsewhere, a read or repair brings the deleted "
                            + "data back. A full repair within gc_grace_seconds gives every replica the tombstone "
                            + "first.",
                    "Run 'bridge repair run --keyspace " + keyspace.keyspace() + "' now, and schedule it more "
                            + "often than every " + Figures.duration(keyspace.gcGraceSeconds() * 1000)
                            + " ('bridge repair schedule --keyspace " + keyspace.keyspace() + " --every ...'); "
                            + "or raise the table's gc_grace_seconds if repairs cannot be that frequent.",
                    evidence, now.timeMs()));
        }
        return findings;
    }
}
