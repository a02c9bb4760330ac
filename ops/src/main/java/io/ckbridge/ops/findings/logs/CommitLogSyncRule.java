package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commit log's syncs took longer than the sync period: the disk does not keep up. */
final class CommitLogSyncRule extends LogRule {
    static final String RULE = "commitlog-sync";

    CommitLogSyncRule() {
        super(RULE, Pattern.compile("Out of (\\d+) commit log syncs over the past ([\\d.]+) ?s with average duration "
                + "of ([\\d.]+) ?ms, (\\d+) have exceeded the configured commit interval by an average of ([\\d.]+) "
                + "?ms"), LogSource.CASSANDRA);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file(), Double.parseDouble(matcher.group(5)));
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        return new Finding(id(file), RULE, Severity.WARNING,
                "commit-log syncs of the node logging to " + file + " overran the sync period " + hits.size()
                        + " time(s), by up to " + Math.round(maxFigure(hits)) + " ms on average",
                "The commit log is fsynced every commitlog_sync_period: a sync that takes longer means the disk "
                        + "(or a GC pause) cannot keep up. Writes acknowledged since the last sync would be lost "
                        + "with the machine, and with CDC a change reaches cdc_raw, and so the publisher, only when "
                        + "its segment is synced: CDC latency rises with every overrun.",
                "Put the commit log on its own fast disk (commitlog_directory), look for GC pauses at the same "
                        + "times, and lower the write rate or the commitlog_segment_size if the disk is shared.",
                cite(hits), firstTime(hits));
    }
}
