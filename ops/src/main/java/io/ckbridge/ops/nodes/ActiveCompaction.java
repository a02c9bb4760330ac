package io.ckbridge.ops.nodes;

/**
 * A compaction running on a node, as {@code nodetool compactionstats} lists it.
 *
 * @param kind      Cassandra's task type: Compaction, Validation, Cleanup, ...
 * @param completed done so far, in {@code unit} (bytes for compactions)
 */
public record ActiveCompaction(String keyspace, String table, String kind, long completed, long total, String unit) {
    public String qualifiedTable() {
        return keyspace + "." + table;
    }
}
