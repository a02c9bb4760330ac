package io.ckbridge.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.lag.OffsetCommitRecords.OffsetCommit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;

/** Records as the broker writes them to __consumer_offsets (Kafka's serde writes them here). */
class OffsetCommitRecordsTest {
    private final GroupCoordinatorRecordSerde serde = new GroupCoordinatorRecordSerde();
    private final OffsetCommitRecords records = new OffsetCommitRecords();

    @Test
    void anOffsetCommitGivesItsGroupPartitionOffsetAndCommitTime() {
        CoordinatorRecord commit = CoordinatorRecord.record(
                new OffsetCommitKey().setGroup("connect-orders").setTopic("orders").setPartition(3),
                new ApiMessageAndVersion(new OffsetCommitValue().setOffset(4_711).setCommitTimestamp(1_700_000_000_123L)
                        .setMetadata(""), (short) 3));
        assertThat(records.decode(serde.serializeKey(commit), serde.serializeValue(commit))).contains(
                new OffsetCommit("connect-orders", new TopicPartition("orders", 3), 4_711, 1_700_000_000_123L));
    }

    @Test
    void groupMetadataAndTombstonesAreNotCommits() {
        CoordinatorRecord metadata = CoordinatorRecord.record(new GroupMetadataKey().setGroup("connect-orders"),
                new ApiMessageAndVersion(new GroupMetadataValue().setProtocolType("consumer"), (short) 3));
        assertThat(records.decode(serde.serializeKey(metadata), serde.serializeValue(metadata))).isEmpty();
        CoordinatorRecord commit = CoordinatorRecord.tombstone(
                new OffsetCommitKey().setGroup("g").setTopic("t").setPartition(0));
        assertThat(records.decode(serde.serializeKey(commit), null)).isEmpty();
        assertThat(records.decode(new byte[] {0}, new byte[] {0})).isEmpty();
    }
}
