package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cassandra's GCInspector logs each collection longer than gc_log_threshold (200 ms), at WARN
 * above gc_warn_threshold (1 s): a pause of a second, or several of 500 ms, is a finding.
 */
final class GcPauseRule extends LogRule {
    static final String RULE = "gc-pause";
    private static final double LONG_MS = 1_000;
    private static final double NOTABLE_MS = 500;
    private static final int NOTABLE_COUNT = 3;

    GcPauseRule() {
        super(RULE, Pattern.compile("GCInspector.*?([A-Za-z0-9][\\w ]*?) GC in (\\d+)ms"), LogSource.CASSANDRA);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file(), Double.parseDouble(matcher.group(2)));
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        List<Hit> notable = hits.stream().filter(hit -> hit.figure() >= NOTABLE_MS).toList();
        double longest = maxFigure(hits);
        if (longest < LONG_MS && notable.size() < NOTABLE_COUNT) {
            return null;
        }
        return new Finding(id(file), RULE, longest >= LONG_MS ? Severity.WARNING : Severity.INFO,
                "the Cassandra node logging to " + file + " paused for garbage collection " + hits.size()
                        + " time(s) over 200 ms, the longest " + Math.round(longest) + " ms",
                "A collection stops the node's every thread: requests to it time out (the client retries elsewhere "
                        + "or fails), writes to it are dropped once older than write_request_timeout (hints and "
                        + "repair must bring them back), and after about phi_convict_threshold's worth of silence "
                        + "other nodes mark it down. Pauses that long mean a heap too full: large partitions, wide "
                        + "reads, tombstones, or a heap too small for the memtables.",
                "Look for large-partition and tombstone findings of the same node; see the heap in nodetool info "
                        + "and the GC log; a heap under 8 GiB with G1 (MAX_HEAP_SIZE) and memtable_heap_space at "
                        + "most a quarter of it.",
                cite(notable.isEmpty() ? hits : notable), firstTime(hits));
    }
}
