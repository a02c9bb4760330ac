package io.ckbridge.ops.findings;

import io.ckbridge.common.config.SinkTableKeys;
import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.history.SeriesHistory.Point;
import io.ckbridge.ops.lag.GroupKind;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A sink's lag rising while a node compacts one of the tables the sink writes: the correlation a
 * team cannot see with Kafka's and Cassandra's dashboards apart.
 */
final class LagWithCompactionRule implements FindingRule {
    static final String RULE = "lag-with-compaction";

    private final long windowMs;
    private final long minRise;

    /** A rise of at least {@code minRise} records within the last {@code windowMs}. */
    LagWithCompactionRule(long windowMs, long minRise) {
        this.windowMs = windowMs;
        this.minRise = minRise;
    }

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        List<Finding> findings = new ArrayList<>();
        long since = now.timeMs() - windowMs;
        for (GroupLag group : now.lag()) {
            if (!GroupKind.CONNECT_SINK.equals(group.kind()) || group.connector() == null) {
                continue;
            }
            SeriesWindow lag = new SeriesWindow(history, Series.lagRecords(group.group()), since);
            Optional<Point> trough = lag.troughBeforeNewest();
            Optional<Point> newest = lag.newest();
            if (trough.isEmpty() || newest.isEmpty() || newest.get().value() - trough.get().value() < minRise
                    || newest.get().value() < 0.8 * lag.peakSince(trough.get().timeMs()).orElseThrow().value()) {
                continue; // not rising, or already falling back
            }
            Set<String> tables = SinkTableKeys.tables(now.connectorConfig(group.connector()));
            for (NodeStatus node : now.nodes()) {
                if (node.up()) {
                    compacted(now, history, group, lag, trough.get(), newest.get(), node, tables)
                            .ifPresent(findings::add);
                }
            }
        }
        return findings;
    }

    private Optional<Finding> compacted(PipelineSnapshot now, SeriesHistory history, GroupLag group,
            SeriesWindow lag, Point trough, Point newest, NodeStatus node, Set<String> tables) {
        long from = trough.timeMs();
        List<String> compacted = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.series(lag.name(), trough, newest, "lag of " + group.group() + " in records"));
        for (String table : tables) {
            SeriesWindow pending = new SeriesWindow(history, Series.tablePendingCompactions(node.address(), table),
                    from - windowMs);
            SeriesWindow active = new SeriesWindow(history, Series.tableActiveCompactions(node.address(), table),
                    from - windowMs);
            Optional<Point> pendingPeak = pending.peakSince(from);
            Optional<Point> activePeak = active.peakSince(from);
            boolean pendingSeen = pendingPeak.filter(point -> point.value() > 0).isPresent();
            boolean activeSeen = activePeak.filter(point -> point.value() > 0).isPresent();
            if (!pendingSeen && !activeSeen) {
                continue;
            }
            if (pendingSeen) {
                Point before = pending.at(from).orElseThrow();
                compacted.add(table + (before.value() == pendingPeak.get().value()
                        ? " (" + Figures.count(before.value()) + " pending)"
                        : " (pending " + Figures.count(before.value()) + " → " + Figures.count(
                                pendingPeak.get().value()) + ")"));
                evidence.add(Evidence.series(pending.name(), before, pendingPeak.get(), "pending compactions of "
                        + table + " on " + node.address()));
            } else {
                compacted.add(table);
                evidence.add(Evidence.series(active.name(), active.at(from).orElseThrow(), activePeak.get(),
                        "compactions of " + table + " running on " + node.address()));
            }
        }
        if (compacted.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder summary = new StringBuilder("lag of ").append(group.group()).append(" on ")
                .append(topics(now, group)).append(" rose from ").append(Figures.count(trough.value()))
                .append(" to ").append(Figures.count(newest.value())).append(" in ")
                .append(Figures.duration(newest.timeMs() - trough.timeMs())).append(" while ").append(node.address())
                .append(" compacted ").append(String.join(", ", compacted));
        SeriesWindow writes = new SeriesWindow(history, Series.writeP99Ms(node.address()), from - windowMs);
        Optional<Point> writesBefore = writes.at(from);
        Optional<Point> writesNow = writes.newest();
        if (writesBefore.isPresent() && writesNow.isPresent() && writesNow.get().value() > writesBefore.get().value()) {
            summary.append("; writes to that node slowed from ").append(Figures.millis(writesBefore.get().value()))
                    .append(" to ").append(Figures.millis(writesNow.get().value())).append(" p99");
            evidence.add(Evidence.series(writes.name(), writesBefore.get(), writesNow.get(),
                    "coordinator write latency p99 of " + node.address() + ", ms"));
        }
        SeriesWindow bytes = new SeriesWindow(history, Series.compactedBytesPerSecond(node.address()), from);
        bytes.peakSince(from).filter(point -> point.value() > 0).ifPresent(peak -> evidence.add(Evidence.series(
                bytes.name(), bytes.oldest().orElseThrow(), peak, "bytes compacted per second on " + node.address())));
        String throttle = node.compactionThroughputMibPerSec() > 0
                ? " Its compaction_throughput is " + node.compactionThroughputMibPerSec() + " MiB/s." : "";
        return Optional.of(new Finding(RULE + ":" + group.group() + ":" + node.address(), RULE, Severity.WARNING,
                summary.toString(),
                "A compaction reads and rewrites the table's SSTables on that node, taking disk bandwidth and CPU "
                        + "from the writes the sink sends there; until it ends (and while pending compactions pile "
                        + "up, reads also touch more SSTables) each write batch waits longer, so the sink commits "
                        + "less per second than the producers write and the lag grows." + throttle,
                "Watch whether the pending compactions fall. If they keep rising, let compaction keep up (nodetool "
                        + "setcompactionthroughput, more concurrent_compactors if the disk allows) or spread the "
                        + "load: fewer sink tasks or smaller batches while it runs; a table that compacts all the "
                        + "time may need another compaction strategy.",
                evidence, now.timeMs()));
    }

    private static String topics(PipelineSnapshot now, GroupLag group) {
        String topics = now.connectorConfig(group.connector()).getOrDefault("topics", "");
        if (!topics.isBlank()) {
            return topics;
        }
        return String.join(",", group.partitions().stream().map(p -> p.topic()).distinct().toList());
    }
}
