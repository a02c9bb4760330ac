package io.ckbridge.materializer.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Places each change event by its Cassandra partition key, not its whole primary key: a
 * partition's row events, and its partition and range deletions, share one Kafka partition and
 * stay in order. The processor names the partition key just before it forwards the event; the
 * sink calls this partitioner synchronously on the same thread.
 */
final class PartitionKeyPartitioner implements StreamPartitioner<byte[], byte[]> {
    private static final ThreadLocal<byte[]> CURRENT = new ThreadLocal<>();

    /** The partition key (its canonical JSON) of the event about to be forwarded. */
    static void route(byte[] partitionKey) {
        CURRENT.set(partitionKey);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, byte[] value, int numPartitions) {
        byte[] partitionKey = CURRENT.get();
        byte[] hashed = partitionKey != null ? partitionKey : key;
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(hashed)) % numPartitions));
    }
}
