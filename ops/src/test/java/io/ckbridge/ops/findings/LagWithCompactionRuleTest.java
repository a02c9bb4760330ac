package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.node;
import static io.ckbridge.ops.findings.Recorded.series;
import static io.ckbridge.ops.findings.Recorded.sink;
import static io.ckbridge.ops.findings.Recorded.sinkGroup;
import static io.ckbridge.ops.findings.Recorded.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.lag.LagStatus;
import io.ckbridge.ops.nodes.ActiveCompaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lag ↔ compaction correlation on recorded series: 19 polls 5 s apart (90 s). */
class LagWithCompactionRuleTest {
    private static final String TABLE = "shop.orders";
    private static final String NODE = "127.0.0.2";
    private final LagWithCompactionRule rule = new LagWithCompactionRule(10 * 60_000L, 1_000);

    @Test
    void lagRisingWhileANodeCompactsTheSinksTableIsFoundWithItsEvidence() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.lagRecords("connect-orders-sink"), 0, 0, 0, 500, 2_000, 5_000, 8_000,
                11_000, 14_000, 17_000, 20_000, 23_000, 26_000, 29_000, 32_000, 35_000, 38_000, 40_000, 41_000);
        series(history, Series.tablePendingCompactions(NODE, TABLE), 0, 0, 3, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 8, 9, 9,
                9, 9, 9);
        series(history, Series.tableActiveCompactions(NODE, TABLE), 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1);
        series(history, Series.writeP99Ms(NODE), 2, 2, 2, 5, 9, 15, 20, 25, 30, 35, 38, 40, 40, 40, 40, 40, 40, 40,
                40);

        List<Finding> found = rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 1_000, 42_000, LagStatus.WARN, List.of())),
                List.of(node(NODE, Map.of(TABLE, 9), List.of(new ActiveCompaction("shop", "orders", "Compaction",
                        10, 100, "bytes")), 40, 64))), history);

        assertThat(found).hasSize(1);
        Finding finding = found.get(0);
        assertThat(finding.summary()).isEqualTo("lag of connect-orders-sink on orders rose from 0 to 41,000 in 80 s"
                + " while 127.0.0.2 compacted shop.orders (pending 3 → 9); writes to that node slowed from 2.0 ms"
                + " to 40 ms p99");
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.evidence()).extracting(Evidence::series).contains(Series.lagRecords("connect-orders-sink"),
                Series.tablePendingCompactions(NODE, TABLE), Series.writeP99Ms(NODE));
        assertThat(finding.why()).contains("compaction_throughput is 64 MiB/s");
        assertThat(finding.action()).contains("setcompactionthroughput");
    }

    @Test
    void compactionOfATableTheSinkDoesNotWriteIsNoFinding() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.lagRecords("connect-orders-sink"), 0, 0, 5_000, 10_000, 20_000);
        series(history, Series.tablePendingCompactions(NODE, "shop.customers"), 0, 4, 6, 8, 9);
        assertThat(rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 0, 20_000, LagStatus.WARN, List.of())),
                List.of(node(NODE, Map.of("shop.customers", 9), List.of(), 40, 64))), history)).isEmpty();
    }

    @Test
    void lagThatFellBackOrNeverRoseEnoughIsNoFinding() {
        SeriesHistory fellBack = Recorded.history();
        long now = series(fellBack, Series.lagRecords("connect-orders-sink"), 0, 20_000, 30_000, 2_000);
        series(fellBack, Series.tablePendingCompactions(NODE, TABLE), 0, 5, 6, 6);
        assertThat(rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 0, 2_000, LagStatus.OK, List.of())),
                List.of(node(NODE, Map.of(TABLE, 6), List.of(), 4, 64))), fellBack)).isEmpty();

        SeriesHistory small = Recorded.history();
        now = series(small, Series.lagRecords("connect-orders-sink"), 0, 200, 500, 900);
        series(small, Series.tablePendingCompactions(NODE, TABLE), 0, 5, 6, 6);
        assertThat(rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 0, 900, LagStatus.OK, List.of())),
                List.of(node(NODE, Map.of(TABLE, 6), List.of(), 4, 64))), small)).isEmpty();
    }

    @Test
    void pendingCompactionsThatDidNotChangeAreSaidOnce() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.lagRecords("connect-orders-sink"), 0, 14_300);
        series(history, Series.tablePendingCompactions(NODE, TABLE), 1, 1);
        assertThat(rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 0, 14_300, LagStatus.WARN, List.of())),
                List.of(node(NODE, Map.of(TABLE, 1), List.of(), 4, 1))), history)).singleElement()
                .extracting(Finding::summary).asString().isEqualTo("lag of connect-orders-sink on orders rose from 0 "
                        + "to 14,300 in 5 s while 127.0.0.2 compacted shop.orders (1 pending)");
    }

    @Test
    void aCompactionSeenOnlyRunningNamesTheTableWithoutPendingFigures() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.lagRecords("connect-orders-sink"), 0, 3_000, 6_000);
        series(history, Series.tableActiveCompactions(NODE, TABLE), 0, 1, 1);
        List<Finding> found = rule.evaluate(snapshot(now, sink("orders-sink", "orders", TABLE, "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 0, 6_000, LagStatus.WARN, List.of())),
                List.of(node(NODE, Map.of(), List.of(), 4, 0))), history);
        assertThat(found).singleElement().extracting(Finding::summary).asString()
                .endsWith("while 127.0.0.2 compacted shop.orders");
    }
}
