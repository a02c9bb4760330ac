package io.ckbridge.ops.history;

/**
 * The names of the charted series, {@code kind:subject}: the watch records them, the findings and
 * the page read them.
 */
public final class Series {
    private Series() {
    }

    /** A group's total lag in records. */
    public static String lagRecords(String group) {
        return "lag.records:" + group;
    }

    /** A group's largest lag in seconds. */
    public static String lagSeconds(String group) {
        return "lag.seconds:" + group;
    }

    /** A node's pending compactions, all tables. */
    public static String pendingCompactions(String node) {
        return "node.pending.compactions:" + node;
    }

    /** Bytes a node's compactions wrote per second. */
    public static String compactedBytesPerSecond(String node) {
        return "node.compacted.bytes.per.second:" + node;
    }

    /** A node's coordinator write latency p99, ms. */
    public static String writeP99Ms(String node) {
        return "node.write.p99.ms:" + node;
    }

    /** Mutations a node dropped per second. */
    public static String droppedMutationsPerSecond(String node) {
        return "node.dropped.mutations.per.second:" + node;
    }

    /** A node's heap in use, bytes. */
    public static String heapUsedBytes(String node) {
        return "node.heap.used.bytes:" + node;
    }

    /** Pending compactions of one table on one node. */
    public static String tablePendingCompactions(String node, String qualifiedTable) {
        return "table.pending.compactions:" + node + ":" + qualifiedTable;
    }

    /** Compactions of one table running on one node. */
    public static String tableActiveCompactions(String node, String qualifiedTable) {
        return "table.active.compactions:" + node + ":" + qualifiedTable;
    }

    /** A CDC publisher's durable commit-log bytes not yet published. */
    public static String cdcBacklogBytes(String publisher) {
        return "cdc.backlog.bytes:" + publisher;
    }

    /** A CDC publisher's cdc_raw use, a share of cdc_total_space. */
    public static String cdcRawUsedRatio(String publisher) {
        return "cdc.raw.used.ratio:" + publisher;
    }

    /** The prefix of the series of one table on one node, to find those recorded before. */
    public static String tablePrefix(String node) {
        return "table.pending.compactions:" + node + ":";
    }
}
