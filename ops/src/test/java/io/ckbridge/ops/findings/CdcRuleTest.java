package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.cdc;
import static io.ckbridge.ops.findings.Recorded.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.cdc.MaterializerStatus;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CdcRuleTest {
    private static final String URL = "http://127.0.0.1:8091/metrics";
    private static final long MIB = 1024 * 1024;
    private final CdcRule rule = new CdcRule(2 * 60_000L, 16 * MIB);

    private static PublisherStatus publisher(String status, long backlog, long raw, long total, List<String> reasons) {
        return new PublisherStatus(URL, status, backlog, raw, total, (double) raw / total, 0.2, 10, 0, 0, 0, null,
                reasons);
    }

    @Test
    void cdcRawAbove80PercentIsCriticalWithItsFigures() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.cdcRawUsedRatio(URL), 0.5, 0.7, 0.85);
        List<Finding> found = rule.evaluate(cdc(now, List.of(), List.of(publisher("DEGRADED", 0, 1741 * MIB,
                2048 * MIB, List.of())), null), history);
        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.summary()).isEqualTo("cdc_raw of the publisher at " + URL
                    + " is 85% full (1.7 GiB of 2.0 GiB)");
            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.evidence()).first().extracting(Evidence::from).isEqualTo(0.5);
        });
    }

    @Test
    void aBacklogThatOnlyGrowsIsAWarningAndOneThatFellIsNot() {
        SeriesHistory growing = Recorded.history();
        long now = series(growing, Series.cdcBacklogBytes(URL), 0, 8 * MIB, 16 * MIB, 24 * MIB, 32 * MIB);
        assertThat(rule.evaluate(cdc(now, List.of(), List.of(publisher("UP", 32 * MIB, 40 * MIB, 2048 * MIB,
                List.of())), null), growing)).singleElement().extracting(Finding::summary).asString()
                .isEqualTo("the backlog of the CDC publisher at " + URL
                        + " grew from 0 B to 32.0 MiB in 20 s without falling");

        SeriesHistory fell = Recorded.history();
        now = series(fell, Series.cdcBacklogBytes(URL), 0, 8 * MIB, 2 * MIB, 24 * MIB, 32 * MIB);
        assertThat(rule.evaluate(cdc(now, List.of(), List.of(publisher("UP", 32 * MIB, 40 * MIB, 2048 * MIB,
                List.of())), null), fell)).isEmpty();
    }

    @Test
    void aDownPublisherAndAStoppedMaterializerAreCriticalWithTheirReasons() {
        List<Finding> found = rule.evaluate(cdc(Recorded.START, List.of(), List.of(publisher("DOWN", 0, MIB,
                2048 * MIB, List.of("segment 42 is damaged at offset 100"))),
                new MaterializerStatus("http://127.0.0.1:8090/metrics", "DOWN", "ERROR", 5, null)), Recorded.history());
        assertThat(found).extracting(Finding::summary).containsExactly(
                "the CDC publisher at " + URL + " is DOWN: segment 42 is damaged at offset 100",
                "the materializer is ERROR");
    }

    @Test
    void cdcBlockWritesOffIsAWarningWhenPublishersAreWatched() {
        var node = new io.ckbridge.ops.nodes.NodeStatus("127.0.0.1:7199", true, null, "127.0.0.1", "dc1", "r1",
                "NORMAL", "5.0.6", 1, 2, 0, Map.of(), List.of(), 0, 64, 1, 1, 0, 0, 0, 0, false);
        assertThat(rule.evaluate(cdc(Recorded.START, List.of(node), List.of(publisher("UP", 0, MIB, 2048 * MIB,
                List.of())), null), Recorded.history())).singleElement().extracting(Finding::summary).asString()
                .isEqualTo("127.0.0.1 runs with cdc_block_writes: false");
        assertThat(rule.evaluate(cdc(Recorded.START, List.of(node), List.of(), null), Recorded.history())).isEmpty();
    }

    @Test
    void cdcRawFillingFastIsFoundBeforeItIsFullAndASlowRiseIsNot() {
        SeriesHistory fast = Recorded.history();
        long now = series(fast, Series.cdcRawUsedRatio(URL), 0.2, 0.3, 0.4, 0.5);
        assertThat(rule.evaluate(cdc(now, List.of(), List.of(publisher("UP", 0, 1024 * MIB, 2048 * MIB,
                List.of())), null), fast)).singleElement().satisfies(finding -> {
                    assertThat(finding.rule()).isEqualTo(CdcRule.FILLING);
                    assertThat(finding.summary()).isEqualTo("cdc_raw of the publisher at " + URL + " fills by 41.0 "
                            + "MiB/s: at that rate its 2.0 GiB of cdc_total_space are full in about 25 s");
                    assertThat(finding.evidence()).last().extracting(Evidence::detail).asString()
                            .startsWith("cdc_total_space = 2.0 GiB");
                });

        SeriesHistory slow = Recorded.history();
        now = series(slow, Series.cdcRawUsedRatio(URL), 0.2, 0.2001, 0.2002, 0.2003);
        assertThat(rule.evaluate(cdc(now, List.of(), List.of(publisher("UP", 0, 410 * MIB, 2048 * MIB,
                List.of())), null), slow)).isEmpty();
    }
}
