package io.ckbridge.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagTrackerTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final String GROUP = "connect-orders-sink";

    private final LagTracker tracker = new LagTracker(10, 1_000, 60_000);

    @Test
    void aGroupCommittingTheSameOffsetWhileRecordsWaitIsStalled() {
        tracker.onEndOffsets(Map.of(ORDERS_0, 500L));
        for (int i = 0; i < 10; i++) {
            tracker.onCommit(GROUP, ORDERS_0, 100, 10_000L * i, 500L);
            tracker.onCommitted(GROUP, Map.of(ORDERS_0, 100L), 10_000L * i + 1);
        }
        List<PartitionLag> judged = tracker.evaluate(GROUP, 95_000);
        assertThat(judged).singleElement().satisfies(partition -> {
            assertThat(partition.status()).isEqualTo(LagStatus.STALL);
            assertThat(partition.lag()).isEqualTo(400);
            assertThat(partition.committedOffset()).isEqualTo(100);
            assertThat(partition.endOffset()).isEqualTo(500);
            assertThat(partition.window()).hasSize(10);
        });
    }

    @Test
    void withoutTheCommitLogAGroupThatStopsMovingWhileRecordsWaitIsStopped() {
        tracker.onEndOffsets(Map.of(ORDERS_0, 1_000L));
        for (int i = 0; i < 10; i++) {
            tracker.onCommitted(GROUP, Map.of(ORDERS_0, 100L * i), 10_000L * i);
        }
        assertThat(tracker.evaluate(GROUP, 95_000)).singleElement().extracting(PartitionLag::status)
                .isEqualTo(LagStatus.OK);
        for (long now = 100_000; now <= 200_000; now += 5_000) {
            tracker.onCommitted(GROUP, Map.of(ORDERS_0, 900L), now); // the same offset: no new commit seen
        }
        assertThat(tracker.evaluate(GROUP, 200_000)).singleElement().extracting(PartitionLag::status)
                .isEqualTo(LagStatus.STOP);
    }

    @Test
    void aGroupPausedAfterCatchingUpIsStoppedOnceRecordsWaitLongerThanTheWindowSpans() {
        for (int i = 0; i < 10; i++) {
            tracker.onEndOffsets(Map.of(ORDERS_0, 100L * i));
            tracker.onCommit(GROUP, ORDERS_0, 100L * i, 5_000L * i, 100L * i);
        }
        tracker.onEndOffsets(Map.of(ORDERS_0, 5_000L)); // records arrive; the paused group commits nothing
        assertThat(tracker.evaluate(GROUP, 50_000)).singleElement().extracting(PartitionLag::status)
                .isEqualTo(LagStatus.OK);
        assertThat(tracker.evaluate(GROUP, 50_000 + 60_000)).singleElement().extracting(PartitionLag::status)
                .isEqualTo(LagStatus.OK);
        assertThat(tracker.evaluate(GROUP, 50_000 + 61_000)).singleElement().satisfies(partition -> {
            assertThat(partition.status()).isEqualTo(LagStatus.STOP);
            assertThat(partition.lag()).isEqualTo(4_100);
        });
    }

    @Test
    void aPartitionCaughtUpHasNoLagAndNoLagSeconds() {
        tracker.onEndOffsets(Map.of(ORDERS_0, 100L));
        tracker.onCommitted(GROUP, Map.of(ORDERS_0, 100L), 1_000);
        assertThat(tracker.evaluate(GROUP, 2_000)).singleElement().satisfies(partition -> {
            assertThat(partition.lag()).isZero();
            assertThat(partition.lagSeconds()).isEqualTo(0.0);
            assertThat(partition.status()).isEqualTo(LagStatus.OK);
        });
    }

    @Test
    void groupsThatNoLongerExistAndPartitionsWithoutOffsetsAreForgotten() {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        tracker.onCommitted(GROUP, Map.of(ORDERS_0, 1L, orders1, 2L), 1_000);
        tracker.onCommitted("other", Map.of(ORDERS_0, 1L), 1_000);
        tracker.onCommitted(GROUP, Map.of(orders1, 3L), 2_000);
        assertThat(tracker.evaluate(GROUP, 3_000)).extracting(PartitionLag::partition).containsExactly(1);
        tracker.retainGroups(Set.of(GROUP));
        assertThat(tracker.evaluate("other", 3_000)).isEmpty();
    }

    @Test
    void groupKindsFollowConnectsNamingAndTheMaterializersApplicationId() {
        Set<String> connectors = Set.of("orders-sink");
        Set<String> materializers = Set.of("ckbridge-materializer");
        assertThat(GroupKind.of("connect-orders-sink", connectors, materializers))
                .isEqualTo(new GroupKind(GroupKind.CONNECT_SINK, "orders-sink"));
        assertThat(GroupKind.of("ckbridge-materializer", connectors, materializers).kind())
                .isEqualTo(GroupKind.MATERIALIZER);
        assertThat(GroupKind.of("connect-gone", connectors, materializers).kind()).isEqualTo(GroupKind.CONSUMER);
    }
}
