package io.ckbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchGoalsTest {
    @Test
    void theCdcLatencyGoalIsTheSyncPeriodAndASlack() {
        assertThat(BenchGoals.cdcLatencyP99(100, false).text()).isEqualTo("goal: p99 <= 350 ms");
        assertThat(BenchGoals.cdcLatencyP99(100, true).text()).isEqualTo("goal: p99 <= 600 ms");
        assertThat(BenchGoals.cdcCatchUp(100, false).text()).isEqualTo("goal: <= 350 ms");
        assertThat(BenchGoals.cdcCatchUp(1000, true).text()).isEqualTo("goal: <= 1500 ms");
    }

    @Test
    void aBoundGoalIsMetUpToItsBound() {
        BenchGoals.Goal latency = BenchGoals.cdcLatencyP99(100, false);

        assertThat(latency.verdict(275)).isEqualTo("goal: p99 <= 350 ms, met");
        assertThat(latency.verdict(350)).isEqualTo("goal: p99 <= 350 ms, met");
        assertThat(latency.verdict(350.4)).isEqualTo("goal: p99 <= 350 ms, NOT met");
        assertThat(BenchGoals.cdcCatchUp(100, true).verdict(1127)).isEqualTo("goal: <= 600 ms, NOT met");
    }

    @Test
    void ratioGoalsReadAsTheBenchesPrintThem() {
        assertThat(BenchGoals.sinkOfCeiling(false)).hasToString("goal: >= 0.8");
        assertThat(BenchGoals.sinkOfCeiling(true)).hasToString("goal: >= 0.5");
        assertThat(BenchGoals.SOURCE_BULK_OF_SCAN).hasToString("goal: >= 0.7");
        assertThat(BenchGoals.SOURCE_BULK_OF_SCAN.isMet(0.7)).isTrue();
        assertThat(BenchGoals.SOURCE_BULK_OF_SCAN.isMet(0.69)).isFalse();
    }

    @Test
    void aStatedGoalHasNoVerdict() {
        assertThat(BenchGoals.MATERIALIZER_KEEPS_UP).hasToString("goal: keeps up");
        assertThatThrownBy(() -> BenchGoals.MATERIALIZER_KEEPS_UP.verdict(1.0))
                .isInstanceOf(IllegalStateException.class);
    }
}
