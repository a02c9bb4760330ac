package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads that scanned many tombstones (tombstone_warn_threshold), or were aborted by them. */
final class TombstoneRule extends LogRule {
    static final String RULE = "tombstones";
    private static final Pattern TABLE = Pattern.compile("(?i)\\bFROM\\s+([\\w\"]+\\.[\\w\"]+)");

    TombstoneRule() {
        super(RULE, Pattern.compile("Read (\\d+) live rows and (\\d+) tombstone cells for query (.*)"
                + "|Scanned over (\\d+) tombstones during query '?(.*)"), LogSource.CASSANDRA);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        boolean aborted = matcher.group(4) != null;
        String query = aborted ? matcher.group(5) : matcher.group(3);
        Matcher table = TABLE.matcher(query);
        // the figure: tombstones scanned, negative for an aborted read
        double tombstones = Double.parseDouble(aborted ? matcher.group(4) : matcher.group(2));
        return new Hit(line, table.find() ? table.group(1).replace("\"", "") : "a table", aborted ? -tombstones
                : tombstones);
    }

    @Override
    protected Finding judge(String table, List<Hit> hits, long nowMs) {
        long aborted = hits.stream().filter(hit -> hit.figure() < 0).count();
        double most = hits.stream().mapToDouble(hit -> Math.abs(hit.figure())).max().orElse(0);
        return new Finding(id(table), RULE, aborted > 0 ? Severity.CRITICAL : Severity.WARNING,
                hits.size() + " read(s) of " + table + " scanned up to " + Math.round(most) + " tombstones"
                        + (aborted > 0 ? ", " + aborted + " aborted (tombstone_failure_threshold)" : ""),
                "A deleted cell, row or range stays as a tombstone until gc_grace_seconds have passed and "
                        + "compaction drops it; a read keeps every one it meets in memory to merge replicas. Many per "
                        + "read means deletes (or TTLs, or nulls written) where reads scan: slow reads, heap "
                        + "pressure; past tombstone_failure_threshold the read fails.",
                "Model the table so reads do not scan deleted data (time buckets, not deleting in a queue-like "
                        + "partition); do not write nulls (the sink's nullToUnset); lower gc_grace_seconds only if "
                        + "repairs run more often than it.",
                cite(hits), firstTime(hits));
    }
}
