package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.START;
import static io.ckbridge.ops.findings.Recorded.commits;
import static io.ckbridge.ops.findings.Recorded.sink;
import static io.ckbridge.ops.findings.Recorded.sinkGroup;
import static io.ckbridge.ops.findings.Recorded.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.lag.LagStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagStatusRuleTest {
    private final LagStatusRule rule = new LagStatusRule();

    @Test
    void aPausedSinkWithRecordsWaitingIsStopAndTheActionIsToResumeIt() {
        long now = START + 60_000;
        List<Finding> found = rule.evaluate(snapshot(now, sink("orders-sink", "orders", "shop.orders", "PAUSED"),
                List.of(sinkGroup("orders-sink", "orders", 200, 700, LagStatus.STOP, commits(START, 200, 0, 0))),
                List.of()), Recorded.history());
        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.summary()).isEqualTo("connect-orders-sink (connector orders-sink, PAUSED) has 500 "
                    + "records waiting and has not committed for 55 s (STOP)");
            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.action())
                    .isEqualTo("It is paused: resume it (POST /api/connectors/orders-sink/resume).");
            assertThat(finding.evidence()).first().extracting(Evidence::detail).asString()
                    .contains("2 commits on orders-0, offset 200 → 200");
        });
    }

    @Test
    void aStalledSinkPointsAtTheRecordItIsStuckOn() {
        List<Finding> found = rule.evaluate(snapshot(START + 20_000, sink("orders-sink", "orders", "shop.orders",
                        "RUNNING"), List.of(sinkGroup("orders-sink", "orders", 10, 100, LagStatus.STALL,
                        commits(START, 10, 90, 90, 90))), List.of()), Recorded.history());
        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.summary()).isEqualTo("connect-orders-sink (connector orders-sink, RUNNING) commits "
                    + "offset 10 on orders-0 again and again with 90 records waiting (STALL)");
            assertThat(finding.action()).contains("orders-0 offset 10", "errors.tolerance=all");
        });
    }

    @Test
    void anOkGroupIsNoFinding() {
        assertThat(rule.evaluate(snapshot(START, sink("orders-sink", "orders", "shop.orders", "RUNNING"),
                List.of(sinkGroup("orders-sink", "orders", 100, 100, LagStatus.OK, commits(START, 100, 0))),
                List.of()), Recorded.history())).isEmpty();
    }
}
