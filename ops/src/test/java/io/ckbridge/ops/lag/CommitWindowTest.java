package io.ckbridge.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitWindowTest {
    @Test
    void keepsTheNewestCommitsUpToItsSize() {
        CommitWindow window = new CommitWindow(3, 0);
        for (int i = 0; i < 5; i++) {
            window.add(new Commit(i, 1_000L * i, 10));
        }
        assertThat(window.commits()).extracting(Commit::offset).containsExactly(2L, 3L, 4L);
        assertThat(window.complete()).isEqualTo(1.0);
    }

    @Test
    void aCommitCloserThanTheMinimumDistanceReplacesTheNewest() {
        CommitWindow window = new CommitWindow(10, 1_000);
        window.add(new Commit(1, 0, 10));
        window.add(new Commit(2, 5_000, 10));
        window.add(new Commit(3, 5_400, 9));
        assertThat(window.commits()).extracting(Commit::offset).containsExactly(1L, 3L);
        assertThat(window.complete()).isEqualTo(0.2);
    }

    @Test
    void anOlderCommitReadLateIsIgnored() {
        CommitWindow window = new CommitWindow(10, 0);
        window.add(new Commit(5, 10_000, 0));
        window.add(new Commit(4, 9_000, 0));
        assertThat(window.commits()).extracting(Commit::offset).containsExactly(5L);
    }
}
