package io.ckbridge.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Burrow's rules on recorded series: ten commits, 30 s apart, as offset and lag pairs. */
class LagRulesTest {
    private static final long START = 1_700_000_000_000L;
    private static final long STEP = 30_000;
    private static final long LAST = START + 9 * STEP;
    private static final long MIN_STOP = 60_000;

    /** Commits 30 s apart from START: offsets[i] with lags[i]. */
    private static List<Commit> series(long[] offsets, long[] lags) {
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            commits.add(new Commit(offsets[i], START + i * STEP, lags[i]));
        }
        return commits;
    }

    @Test
    void aConsumerWhoseLagTouchedZeroIsOk() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {5, 9, 0, 4, 8, 12, 16, 20, 24, 28});
        assertThat(LagRules.evaluate(window, 28, null, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.OK);
    }

    @Test
    void aConsumerCatchingUpIsOk() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {90, 85, 80, 82, 70, 60, 61, 50, 40, 30});
        assertThat(LagRules.evaluate(window, 30, null, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.OK);
    }

    @Test
    void lagThatNeverFallsWhileCommitsMoveIsWarn() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {10, 10, 12, 15, 15, 20, 30, 30, 41, 50});
        assertThat(LagRules.evaluate(window, 50, null, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.WARN);
    }

    @Test
    void theSameOffsetCommittedOverAndOverWithLagIsStall() {
        List<Commit> window = series(new long[] {40, 40, 40, 40, 40, 40, 40, 40, 40, 40},
                new long[] {100, 120, 140, 160, 180, 200, 200, 200, 200, 200});
        assertThat(LagRules.evaluate(window, 200, null, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.STALL);
    }

    @Test
    void noCommitForLongerThanTheWindowSpansWithLagIsStop() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {50, 48, 47, 45, 40, 44, 42, 41, 40, 39});
        long span = LAST - START;
        assertThat(LagRules.evaluate(window, 39, null, LAST + span - 1_000, MIN_STOP)).isEqualTo(LagStatus.OK);
        assertThat(LagRules.evaluate(window, 39, null, LAST + span + 1_000, MIN_STOP)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void stopComesBeforeStall() {
        List<Commit> window = series(new long[] {40, 40, 40, 40, 40, 40, 40, 40, 40, 40},
                new long[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100});
        assertThat(LagRules.evaluate(window, 100, null, LAST + 10 * STEP, MIN_STOP)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void anIdleConsumerWithNothingToReadIsOkHoweverLongItWasQuiet() {
        List<Commit> window = series(new long[] {10, 20, 30}, new long[] {3, 1, 0});
        assertThat(LagRules.evaluate(window, 0, null, LAST + 1_000_000, MIN_STOP)).isEqualTo(LagStatus.OK);
    }

    @Test
    void anOffsetThatWentBackIsRewindEvenWhenLagWasZero() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 5, 15, 25, 35, 45},
                new long[] {0, 0, 0, 0, 0, 45, 35, 25, 15, 5});
        assertThat(LagRules.evaluate(window, 5, null, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void aWindowOfOneCommitIsNotStoppedBeforeTheFloor() {
        List<Commit> window = List.of(new Commit(10, START, 5));
        assertThat(LagRules.evaluate(window, 5, null, START + MIN_STOP - 1, MIN_STOP)).isEqualTo(LagStatus.OK);
        assertThat(LagRules.evaluate(window, 5, null, START + MIN_STOP + 1, MIN_STOP)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void aGroupThatCaughtUpAndThenStoppedWhileRecordsWaitIsStopOnceTheyWaitedLongerThanTheWindowSpans() {
        // a paused connector: lag 0 at its last commits, then records arrive and no commit follows
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {5, 4, 3, 0, 0, 0, 0, 0, 0, 0});
        long waitingSince = LAST + 600_000;
        long span = LAST - START;
        assertThat(LagRules.evaluate(window, 500, waitingSince, waitingSince + span - 1_000, MIN_STOP))
                .isEqualTo(LagStatus.OK);
        assertThat(LagRules.evaluate(window, 500, waitingSince, waitingSince + span + 1_000, MIN_STOP))
                .isEqualTo(LagStatus.STOP);
        assertThat(LagRules.evaluate(window, 0, null, waitingSince + span + 1_000, MIN_STOP))
                .as("nothing waits: idle, not stopped").isEqualTo(LagStatus.OK);
    }

    @Test
    void aGroupThatCommitsWhileRecordsWaitIsNotStopped() {
        List<Commit> window = series(new long[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
                new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 5});
        assertThat(LagRules.evaluate(window, 5, START, LAST + 1_000, MIN_STOP)).isEqualTo(LagStatus.OK);
    }

    @Test
    void nothingCommittedIsOk() {
        assertThat(LagRules.evaluate(List.of(), 1_000, null, LAST, MIN_STOP)).isEqualTo(LagStatus.OK);
    }

    @Test
    void aGroupIsAsBadAsItsWorstPartition() {
        assertThat(LagStatus.OK.worse(LagStatus.WARN).worse(LagStatus.OK)).isEqualTo(LagStatus.WARN);
        assertThat(LagStatus.STOP.worse(LagStatus.WARN)).isEqualTo(LagStatus.STOP);
        assertThat(LagStatus.STOP.worse(LagStatus.REWIND)).isEqualTo(LagStatus.REWIND);
    }
}
