package io.ckbridge.ops.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.repair.RepairStatus;
import io.ckbridge.ops.repair.RepairStatus.KeyspaceRepair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcGraceRuleTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long TEN_DAYS_S = 864_000;
    private final GcGraceRule rule = new GcGraceRule();

    @Test
    void aKeyspaceWhoseLastFullRepairStartedLongerAgoThanItsGcGraceIsFound() {
        Instant lastFull = Instant.ofEpochMilli(Recorded.START - 11 * DAY_MS);
        List<Finding> findings = rule.evaluate(Recorded.repair(Recorded.START, status(new KeyspaceRepair("shop",
                "orders", TEN_DAYS_S, lastFull, "run-1", lastFull.minusSeconds(3600)))), Recorded.history());
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.id()).isEqualTo("repair-gc-grace:shop");
            assertThat(finding.summary()).isEqualTo("keyspace shop has not been fully repaired within "
                    + "gc_grace_seconds 864000 s (10 d): its last full repair (run run-1) started 11 d ago");
            assertThat(finding.why()).contains("tombstone");
            assertThat(finding.action()).contains("bridge repair run --keyspace shop");
            assertThat(finding.evidence()).extracting(Evidence::detail)
                    .contains("shop.orders gc_grace_seconds = 864000");
        });
    }

    @Test
    void aKeyspaceRepairedWithinItsGcGraceIsNot() {
        Instant lastFull = Instant.ofEpochMilli(Recorded.START - 9 * DAY_MS);
        assertThat(rule.evaluate(Recorded.repair(Recorded.START, status(new KeyspaceRepair("shop", "orders",
                TEN_DAYS_S, lastFull, "run-1", lastFull))), Recorded.history())).isEmpty();
    }

    @Test
    void aKeyspaceNeverRepairedCountsFromWhenRepairFirstKnewIt() {
        Instant known = Instant.ofEpochMilli(Recorded.START - 3 * 60_000);
        List<Finding> young = rule.evaluate(Recorded.repair(Recorded.START, status(new KeyspaceRepair("logs", "t",
                3600, null, null, known))), Recorded.history());
        assertThat(young).isEmpty();
        List<Finding> old = rule.evaluate(Recorded.repair(Recorded.START, status(new KeyspaceRepair("logs", "t",
                60, null, null, known))), Recorded.history());
        assertThat(old).singleElement().extracting(Finding::summary).asString()
                .contains("gc_grace_seconds 60 s (60 s)").contains("never been repaired whole");
    }

    @Test
    void nothingWhenOpsRunsNoRepairs() {
        assertThat(rule.evaluate(Recorded.repair(Recorded.START, null), Recorded.history())).isEmpty();
    }

    private static RepairStatus status(KeyspaceRepair keyspace) {
        return new RepairStatus(List.of(), List.of(keyspace));
    }
}
