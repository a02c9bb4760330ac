package io.ckbridge.ops.lag;

import java.util.List;

/**
 * A consumer group, judged: as bad as its worst partition.
 *
 * @param kind          {@code connect-sink} (with {@code connector}), {@code materializer} or {@code consumer}
 * @param state         the group's state as Kafka reports it (STABLE, EMPTY, ...)
 * @param maxLagSeconds the largest time lag of its partitions, null when none is known
 */
public record GroupLag(String group, String kind, String connector, String state, LagStatus status, long totalLag,
        Double maxLagSeconds, List<PartitionLag> partitions) {
}
