package io.ckbridge.ops.nodes;

import java.util.List;
import java.util.Map;

/**
 * One reading of a node over JMX: gauges as they are and counters as totals, which
 * {@link NodeStatus} turns into rates between two readings.
 *
 * @param address            the node's broadcast address (how the cluster names it)
 * @param pendingByTable     pending compactions of each table that has any, by {@code keyspace.table}
 * @param bytesCompacted     bytes written by compactions since the node started
 * @param writeP99Micros     coordinator write latency p99 (ClientRequest Write), recent
 * @param droppedMutations   mutations dropped since the node started (they timed out in a queue)
 * @param cdcBlockWrites     {@code cdc_block_writes}: whether a full cdc_raw rejects writes (else
 *                           Cassandra deletes unpublished CDC segments)
 */
public record NodeSample(long timeMs, String address, String datacenter, String rack, String mode, String version,
        long heapUsedBytes, long heapMaxBytes, int pendingCompactions, Map<String, Integer> pendingByTable,
        List<ActiveCompaction> activeCompactions, long bytesCompacted, long completedCompactions,
        int compactionThroughputMibPerSec, double writeP99Micros, double readP99Micros, long writes, long reads,
        long droppedMutations, boolean cdcBlockWrites) {
}
