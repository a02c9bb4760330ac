package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * CDC is on, and the periodic commit-log sync is longer than the CDC latency wanted: a change
 * becomes readable in cdc_raw only when its segment is synced, so no publisher can be faster.
 */
final class CommitLogSyncPeriodRule implements ConfigRule {
    static final String RULE = "commitlog-sync-period";
    /** Cassandra's default commitlog_sync_period. */
    private static final long DEFAULT_PERIOD_MS = 10_000;

    @Override
    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (NodeSettings node : config.nodes()) {
            if (!node.flag("cdc_enabled", false)) {
                continue;
            }
            String sync = node.text("commitlog_sync").orElse("periodic");
            if (!sync.equalsIgnoreCase("periodic")) {
                continue;
            }
            long period = node.millis("commitlog_sync_period").orElse(DEFAULT_PERIOD_MS);
            if (period <= config.cdcLatencyGoalMs()) {
                continue;
            }
            findings.add(new Finding(RULE + ":" + node.file(), RULE, Severity.WARNING,
                    node.file() + ": commitlog_sync_period is " + period + " ms with CDC on, longer than the "
                            + config.cdcLatencyGoalMs() + " ms of CDC latency wanted",
                    "Cassandra writes a CDC segment's index (the _cdc.idx file the publisher reads up to) when the "
                            + "commit log is synced: with periodic sync every " + period + " ms a change can wait "
                            + "that long before any publisher sees it, and the changes of one period arrive at once.",
                    "Set commitlog_sync_period to at most the latency wanted (the sandbox runs 100ms; each sync "
                            + "is an fsync, so a shorter period costs disk IOPS), or use commitlog_sync: group "
                            + "with commitlog_sync_group_window.",
                    List.of(Evidence.setting(node.where("commitlog_sync"), "commitlog_sync", sync),
                            Evidence.setting(node.where("commitlog_sync_period"), "commitlog_sync_period",
                                    period + "ms"),
                            Evidence.setting(node.where("cdc_enabled"), "cdc_enabled", true)), nowMs));
        }
        return findings;
    }
}
