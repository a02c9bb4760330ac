package io.ckbridge.cdc;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a publisher needs to know: where the node keeps its commit log and cdc_raw (from
 * its cassandra.yaml), how to ask it for its schema, and where to publish.
 */
public record PublisherSettings(
        Path cdcRaw,
        Path commitLog,
        long cdcTotalSpaceBytes,
        String nodeId,
        String contactPoint,
        String username,
        String password,
        String bootstrapServers,
        String topicPrefix,
        int topicPartitions,
        short topicReplicationFactor,
        Path stateDirectory,
        Duration pollInterval) {
}
