package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import java.util.ArrayList;
import java.util.List;

/** Every log rule over the lines read so far: the findings of those within a window. */
public final class LogFindings {
    private final List<LogRule> rules;

    public LogFindings() {
        this(List.of(new LargePartitionRule(), new GcPauseRule(), new DroppedMessagesRule(),
                new CdcRejectedWritesRule(), new TombstoneRule(), new CommitLogSyncRule(),
                new ConnectTaskFailureRule(), new RebalanceStormRule(), new ConnectGcGoalRule(),
                new StreamsFencingRule(), new StateRestoreRule(), new QuarantinedSegmentRule()));
    }

    LogFindings(List<LogRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public synchronized void offer(LogLine line) {
        for (LogRule rule : rules) {
            rule.offer(line);
        }
    }

    /** The findings of the lines since {@code sinceMs} (of a rule about a setting: its newest line). */
    public synchronized List<Finding> findings(long sinceMs, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (LogRule rule : rules) {
            findings.addAll(rule.findings(sinceMs, nowMs));
        }
        return findings;
    }
}
