package io.ckbridge.ops.findings;

import io.ckbridge.ops.cdc.MaterializerStatus;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CDC path: a publisher unhealthy or unreachable, {@code cdc_raw} above 80%, a backlog that
 * only grows, the materializer not running, and {@code cdc_block_writes: false} on a node.
 */
final class CdcRule implements FindingRule {
    static final String PUBLISHER = "cdc-publisher";
    static final String SPACE = "cdc-raw-space";
    static final String BACKLOG = "cdc-backlog";
    static final String MATERIALIZER = "materializer";
    static final String BLOCK_WRITES = "cdc-block-writes";
    static final String FILLING = "cdc-raw-filling";
    /** cdc_raw full sooner than this at the recent rate: cdc_total_space is too small for the write rate. */
    static final long FILLING_WARNING_MS = 15 * 60_000L;
    static final double SPACE_WARNING = 0.8;

    private final long backlogWindowMs;
    private final long minBacklogGrowth;

    CdcRule(long backlogWindowMs, long minBacklogGrowth) {
        this.backlogWindowMs = backlogWindowMs;
        this.minBacklogGrowth = minBacklogGrowth;
    }

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (PublisherStatus publisher : now.publishers()) {
            publisher(now, history, publisher, findings);
        }
        MaterializerStatus materializer = now.materializer();
        if (materializer != null && !materializer.running()) {
            findings.add(new Finding(MATERIALIZER, MATERIALIZER, Severity.CRITICAL,
                    "the materializer is " + materializer.state()
                            + (materializer.error() != null ? ": " + materializer.error() : ""),
                    "No change events are written while it is not RUNNING; raw changes wait on their topics (their "
                            + "offsets and state stay committed, so nothing is lost while retention keeps them).",
                    "Read its log (the reason it stopped is its last error) and start it again.",
                    List.of(Evidence.fact("state " + materializer.state() + " at " + materializer.url())),
                    now.timeMs()));
        }
        if (!now.publishers().isEmpty()) {
            for (NodeStatus node : now.nodes()) {
                if (node.up() && !node.cdcBlockWrites()) {
                    findings.add(new Finding(BLOCK_WRITES + ":" + node.address(), BLOCK_WRITES, Severity.WARNING,
                            node.address() + " runs with cdc_block_writes: false",
                            "When cdc_raw is full such a node deletes the oldest CDC segments to take new writes: "
                                    + "changes not yet published are lost without an error.",
                            "Set cdc_block_writes: true in cassandra.yaml (the default): a full cdc_raw then rejects "
                                    + "writes to CDC tables, and nothing is lost.",
                            List.of(Evidence.fact("CommitLog MBean CDCBlockWrites = false on " + node.address())),
                            now.timeMs()));
                }
            }
        }
        return findings;
    }

    private void publisher(PipelineSnapshot now, SeriesHistory history, PublisherStatus publisher,
            List<Finding> findings) {
        if (!publisher.reachable() || publisher.status().equals("DOWN")) {
            List<Evidence> evidence = new ArrayList<>();
            publisher.reasons().forEach(reason -> evidence.add(Evidence.fact(reason)));
            findings.add(new Finding(PUBLISHER + ":" + publisher.url(), PUBLISHER, Severity.CRITICAL,
                    "the CDC publisher at " + publisher.url() + " is " + publisher.status() + ": "
                            + String.join("; ", publisher.reasons()),
                    "While a publisher does not publish, its node's commit-log segments stay in cdc_raw; once "
                            + "cdc_raw reaches cdc_total_space, Cassandra rejects every write to CDC tables on it.",
                    "Fix what its /health names (its log has the details), or start it again.", evidence,
                    now.timeMs()));
        }
        if (publisher.cdcRawUsedRatio() > SPACE_WARNING) {
            findings.add(new Finding(SPACE + ":" + publisher.url(), SPACE, Severity.CRITICAL,
                    "cdc_raw of the publisher at " + publisher.url() + " is " + Figures.percent(
                            publisher.cdcRawUsedRatio()) + " full (" + Figures.bytes(publisher.cdcRawBytes()) + " of "
                            + Figures.bytes(publisher.cdcTotalSpaceBytes()) + ")" + (publisher.cdcRawUsedRatio() >= 1
                            ? ": the node rejects writes to CDC tables" : ""),
                    "At 100% of cdc_total_space Cassandra rejects writes to CDC tables on that node (with "
                            + "cdc_block_writes: true) until segments are published and deleted.",
                    "See that the publisher publishes (Kafka reachable, no damaged segment); if it keeps up but the "
                            + "write rate is high, raise cdc_total_space.",
                    List.of(Evidence.series(Series.cdcRawUsedRatio(publisher.url()),
                            new SeriesWindow(history, Series.cdcRawUsedRatio(publisher.url()),
                                    now.timeMs() - backlogWindowMs).oldest().orElse(new SeriesHistory.Point(
                                    now.timeMs(), publisher.cdcRawUsedRatio())),
                            new SeriesHistory.Point(now.timeMs(), publisher.cdcRawUsedRatio()), "cdc_raw used share")),
                    now.timeMs()));
        }
        filling(now, history, publisher).ifPresent(findings::add);
        SeriesWindow backlog = new SeriesWindow(history, Series.cdcBacklogBytes(publisher.url()),
                now.timeMs() - backlogWindowMs);
        if (backlog.size() >= 4 && backlog.neverFalls() && backlog.newest().orElseThrow().value()
                - backlog.oldest().orElseThrow().value() >= minBacklogGrowth) {
            findings.add(new Finding(BACKLOG + ":" + publisher.url(), BACKLOG, Severity.WARNING,
                    "the backlog of the CDC publisher at " + publisher.url() + " grew from "
                            + Figures.bytes(backlog.oldest().orElseThrow().value()) + " to "
                            + Figures.bytes(backlog.newest().orElseThrow().value()) + " in " + Figures.duration(
                            backlog.newest().orElseThrow().timeMs() - backlog.oldest().orElseThrow().timeMs())
                            + " without falling",
                    "The node writes commit-log bytes to CDC tables faster than the publisher publishes them: the "
                            + "changes reach Kafka later and later, and cdc_raw fills.",
                    "Check the publisher's Kafka (failed batches in its /metrics) and its CPU; a node taking more "
                            + "writes than one publisher can read needs its load spread.",
                    List.of(Evidence.series(backlog.name(), backlog.oldest().orElseThrow(),
                            backlog.newest().orElseThrow(), "durable commit-log bytes not yet published")),
                    now.timeMs()));
        }
    }

    /**
     * cdc_raw filling at a rate that reaches cdc_total_space soon: the space is too small for the
     * node's write rate and the publisher's lag, before Cassandra rejects anything.
     */
    private Optional<Finding> filling(PipelineSnapshot now, SeriesHistory history,
            PublisherStatus publisher) {
        SeriesWindow used = new SeriesWindow(history, Series.cdcRawUsedRatio(publisher.url()),
                now.timeMs() - backlogWindowMs);
        if (used.size() < 4 || !used.neverFalls() || publisher.cdcRawUsedRatio() > SPACE_WARNING) {
            return Optional.empty(); // above SPACE_WARNING the space finding speaks
        }
        SeriesHistory.Point from = used.oldest().orElseThrow();
        SeriesHistory.Point to = used.newest().orElseThrow();
        double perMs = (to.value() - from.value()) / Math.max(1, to.timeMs() - from.timeMs());
        if (perMs <= 0) {
            return Optional.empty();
        }
        long fullInMs = Math.round((1 - to.value()) / perMs);
        if (fullInMs > FILLING_WARNING_MS) {
            return Optional.empty();
        }
        double bytesPerSecond = perMs * 1000 * publisher.cdcTotalSpaceBytes();
        return Optional.of(new Finding(FILLING + ":" + publisher.url(), FILLING, Severity.WARNING,
                "cdc_raw of the publisher at " + publisher.url() + " fills by " + Figures.bytes(bytesPerSecond)
                        + "/s: at that rate its " + Figures.bytes(publisher.cdcTotalSpaceBytes())
                        + " of cdc_total_space are full in about " + Figures.duration(fullInMs),
                "cdc_raw holds every commit-log segment with CDC data until the publisher has published it; it "
                        + "grows while the node writes CDC data faster than the publisher takes it. Once it reaches "
                        + "cdc_total_space the node rejects writes to CDC tables (cdc_block_writes: true).",
                "Find why the publisher falls behind (its backlog, Kafka errors in its /metrics); give "
                        + "cdc_total_space room for the write rate times the longest publisher pause you must "
                        + "survive (" + Figures.bytes(bytesPerSecond * 600) + " for 10 min at this rate).",
                List.of(Evidence.series(used.name(), from, to, "cdc_raw used share"),
                        Evidence.fact("cdc_total_space = " + Figures.bytes(publisher.cdcTotalSpaceBytes())
                                + " (the publisher's cdc_total_space_bytes, from cassandra.yaml)")),
                now.timeMs()));
    }
}
