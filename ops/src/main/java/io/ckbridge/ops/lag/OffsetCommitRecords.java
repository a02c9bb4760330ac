package io.ckbridge.ops.lag;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/** Offset commits in {@code __consumer_offsets}, decoded by Kafka's own group coordinator serde. */
final class OffsetCommitRecords {
    /** One commit: the group, the partition, the offset and when it was committed. */
    record OffsetCommit(String group, TopicPartition partition, long offset, long timestampMs) {
    }

    private final GroupCoordinatorRecordSerde serde = new GroupCoordinatorRecordSerde();

    /** The commit a record holds; empty for group metadata, tombstones and what cannot be decoded. */
    Optional<OffsetCommit> decode(byte[] key, byte[] value) {
        if (key == null || value == null || !offsetCommitKey(key)) {
            return Optional.empty();
        }
        CoordinatorRecord decoded;
        try {
            decoded = serde.deserialize(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
        } catch (RuntimeException unknownVersion) {
            return Optional.empty();
        }
        if (decoded.key() instanceof OffsetCommitKey commitKey && decoded.value() != null
                && decoded.value().message() instanceof OffsetCommitValue commit) {
            return Optional.of(new OffsetCommit(commitKey.group(),
                    new TopicPartition(commitKey.topic(), commitKey.partition()), commit.offset(),
                    commit.commitTimestamp()));
        }
        return Optional.empty();
    }

    /** Offset commit keys are versions 0 and 1 of the log's key schema; the rest is group metadata. */
    private static boolean offsetCommitKey(byte[] key) {
        if (key.length < 2) {
            return false;
        }
        short version = ByteBuffer.wrap(key).getShort();
        return version == 0 || version == 1;
    }
}
