package io.ckbridge.ops.nodes;

import java.util.List;
import java.util.Map;

/**
 * A node as the API shows it: its newest {@link NodeSample} with rates over the interval since
 * the one before. A node JMX does not answer is {@code up = false} with the error, and nothing else.
 *
 * @param endpoint                JMX address ops reads it at
 * @param compactedBytesPerSecond bytes compactions wrote per second since the previous reading
 * @param droppedMutationsPerSecond mutations dropped per second since the previous reading
 */
public record NodeStatus(String endpoint, boolean up, String error, String address, String datacenter, String rack,
        String mode, String version, long heapUsedBytes, long heapMaxBytes, int pendingCompactions,
        Map<String, Integer> pendingByTable, List<ActiveCompaction> activeCompactions,
        double compactedBytesPerSecond, int compactionThroughputMibPerSec, double writeP99Ms, double readP99Ms,
        double writesPerSecond, double readsPerSecond, long droppedMutations, double droppedMutationsPerSecond,
        boolean cdcBlockWrites) {

    static NodeStatus down(JmxEndpoint endpoint, String error, NodeSample lastSeen) {
        return new NodeStatus(endpoint.address(), false, error, lastSeen == null ? null : lastSeen.address(),
                lastSeen == null ? null : lastSeen.datacenter(), lastSeen == null ? null : lastSeen.rack(), null,
                null, 0, 0, 0, Map.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** {@code now} with its rates over the time since {@code before} (none without it, or after a restart). */
    static NodeStatus of(JmxEndpoint endpoint, NodeSample now, NodeSample before) {
        double seconds = before == null ? 0 : (now.timeMs() - before.timeMs()) / 1000.0;
        boolean rates = seconds > 0 && now.bytesCompacted() >= before.bytesCompacted()
                && now.writes() >= before.writes();
        return new NodeStatus(endpoint.address(), true, null, now.address(), now.datacenter(), now.rack(), now.mode(),
                now.version(), now.heapUsedBytes(), now.heapMaxBytes(), now.pendingCompactions(),
                now.pendingByTable(), now.activeCompactions(),
                rates ? (now.bytesCompacted() - before.bytesCompacted()) / seconds : 0,
                now.compactionThroughputMibPerSec(), now.writeP99Micros() / 1000.0, now.readP99Micros() / 1000.0,
                rates ? (now.writes() - before.writes()) / seconds : 0,
                rates ? Math.max(0, now.reads() - before.reads()) / seconds : 0, now.droppedMutations(),
                rates ? Math.max(0, now.droppedMutations() - before.droppedMutations()) / seconds : 0,
                now.cdcBlockWrites());
    }

    /** Whether a compaction of {@code keyspace.table} runs or waits on this node. */
    public boolean compacting(String qualifiedTable) {
        return pendingByTable.containsKey(qualifiedTable)
                || activeCompactions.stream().anyMatch(c -> c.qualifiedTable().equals(qualifiedTable));
    }

    /** Pending compactions of one table (0 when none). */
    public int pending(String qualifiedTable) {
        return pendingByTable.getOrDefault(qualifiedTable, 0);
    }
}
