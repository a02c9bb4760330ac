package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Figures;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cassandra wrote partitions above its warning threshold while compacting or flushing: 5.0's
 * partition_size guardrail ("Partition ks.table:key on sstable ... has size N"), or the "Writing
 * large partition ks/table:key (size)" of 4.x.
 */
final class LargePartitionRule extends LogRule {
    static final String RULE = "large-partition";
    private static final Pattern LARGE = Pattern.compile("Guardrail partition_size violated: Partition ([^.\\s]+)"
            + "\\.([^:\\s]+):(.*?) on sstable \\S+ has size (\\d+)"
            + "|Writing large partition ([^/\\s]+)/([^:\\s]+):(.*?) \\((\\d+)[^)]*\\)");

    LargePartitionRule() {
        super(RULE, LARGE, LogSource.CASSANDRA);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        boolean guardrail = matcher.group(1) != null;
        String table = guardrail ? matcher.group(1) + "." + matcher.group(2) : matcher.group(5) + "."
                + matcher.group(6);
        return new Hit(line, table, Double.parseDouble(guardrail ? matcher.group(4) : matcher.group(8)));
    }

    @Override
    protected Finding judge(String table, List<Hit> hits, long nowMs) {
        Matcher newest = LARGE.matcher(hits.get(hits.size() - 1).line().text());
        String key = newest.find() ? (newest.group(1) != null ? newest.group(3) : newest.group(7)) : "?";
        String example = " (the largest " + Figures.bytes(maxFigure(hits)) + "; newest: key " + key + ")";
        return new Finding(id(table), RULE, Severity.WARNING, hits.size() + " large partition(s) of " + table
                + " written" + example,
                "A partition is read, compacted, repaired and streamed as one unit: a large one makes reads of it "
                        + "slow, fills the heap while it is compacted (long GC pauses), and its replicas are rebuilt "
                        + "whole by repair. It only grows while its key keeps taking rows.",
                "Bound the partition: add a bucket (a day, a hash) to the partition key of " + table
                        + ", or a TTL so old rows go. The threshold is partition_size_warn_threshold in "
                        + "cassandra.yaml (5.0; earlier compaction_large_partition_warning_threshold).",
                cite(hits), firstTime(hits));
    }
}
