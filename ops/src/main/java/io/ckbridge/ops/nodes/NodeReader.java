package io.ckbridge.ops.nodes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads a {@link NodeSample} from a Cassandra node's MBeans: the ones {@code nodetool info},
 * {@code compactionstats}, {@code proxyhistograms} and {@code tpstats} read.
 */
public final class NodeReader {
    private static final String METRICS = "org.apache.cassandra.metrics:";
    private static final ObjectName STORAGE = name("org.apache.cassandra.db:type=StorageService");
    private static final ObjectName SNITCH = name("org.apache.cassandra.db:type=EndpointSnitchInfo");
    private static final ObjectName COMPACTION_MANAGER = name("org.apache.cassandra.db:type=CompactionManager");
    private static final ObjectName COMMIT_LOG = name("org.apache.cassandra.db:type=Commitlog");
    private static final ObjectName MEMORY = name("java.lang:type=Memory");
    private static final ObjectName PENDING = name(METRICS + "type=Compaction,name=PendingTasks");
    private static final ObjectName PENDING_BY_TABLE = name(METRICS + "type=Compaction,name=PendingTasksByTableName");
    private static final ObjectName BYTES_COMPACTED = name(METRICS + "type=Compaction,name=BytesCompacted");
    private static final ObjectName COMPLETED = name(METRICS + "type=Compaction,name=CompletedTasks");
    private static final ObjectName WRITE_LATENCY = name(METRICS + "type=ClientRequest,scope=Write,name=Latency");
    private static final ObjectName READ_LATENCY = name(METRICS + "type=ClientRequest,scope=Read,name=Latency");
    private static final ObjectName DROPPED_MUTATIONS = name(METRICS
            + "type=DroppedMessage,scope=MUTATION,name=Dropped");

    private NodeReader() {
    }

    static NodeSample read(MBeanServerConnection mbeans, long nowMs) throws IOException, JMException {
        CompositeData heap = (CompositeData) mbeans.getAttribute(MEMORY, "HeapMemoryUsage");
        return new NodeSample(nowMs, address(mbeans),
                (String) mbeans.getAttribute(SNITCH, "Datacenter"), (String) mbeans.getAttribute(SNITCH, "Rack"),
                (String) mbeans.getAttribute(STORAGE, "OperationMode"),
                (String) mbeans.getAttribute(STORAGE, "ReleaseVersion"),
                ((Number) heap.get("used")).longValue(), ((Number) heap.get("max")).longValue(),
                number(mbeans, PENDING, "Value").intValue(), pendingByTable(mbeans), active(mbeans),
                number(mbeans, BYTES_COMPACTED, "Count").longValue(), number(mbeans, COMPLETED, "Value").longValue(),
                number(mbeans, STORAGE, "CompactionThroughputMbPerSec").intValue(),
                number(mbeans, WRITE_LATENCY, "99thPercentile").doubleValue(),
                number(mbeans, READ_LATENCY, "99thPercentile").doubleValue(),
                number(mbeans, WRITE_LATENCY, "Count").longValue(), number(mbeans, READ_LATENCY, "Count").longValue(),
                number(mbeans, DROPPED_MUTATIONS, "Count").longValue(),
                Boolean.TRUE.equals(mbeans.getAttribute(COMMIT_LOG, "CDCBlockWrites")));
    }

    /** Compactions waiting to run on the node (nodetool compactionstats' pending tasks). */
    public static int pendingCompactions(MBeanServerConnection mbeans) throws IOException, JMException {
        return number(mbeans, PENDING, "Value").intValue();
    }

    /** The node's own address in the ring: its host id's endpoint, without the storage port. */
    public static String address(MBeanServerConnection mbeans) throws IOException, JMException {
        String hostId = (String) mbeans.getAttribute(STORAGE, "LocalHostId");
        @SuppressWarnings("unchecked")
        Map<String, String> endpoints = (Map<String, String>) mbeans.getAttribute(STORAGE, "HostIdToEndpointWithPort");
        String endpoint = endpoints.getOrDefault(hostId, "");
        int colon = endpoint.lastIndexOf(':');
        String host = colon > 0 && !endpoint.endsWith("]") ? endpoint.substring(0, colon) : endpoint;
        return host.startsWith("/") ? host.substring(1) : host;
    }

    private static Map<String, Integer> pendingByTable(MBeanServerConnection mbeans) throws IOException, JMException {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Integer>> byKeyspace = (Map<String, Map<String, Integer>>) mbeans.getAttribute(
                PENDING_BY_TABLE, "Value");
        Map<String, Integer> byTable = new TreeMap<>();
        byKeyspace.forEach((keyspace, tables) -> tables.forEach((table, pending) -> {
            if (pending != null && pending > 0) {
                byTable.put(keyspace + "." + table, pending);
            }
        }));
        return byTable;
    }

    private static List<ActiveCompaction> active(MBeanServerConnection mbeans) throws IOException, JMException {
        @SuppressWarnings("unchecked")
        List<Map<String, String>> compactions = (List<Map<String, String>>) mbeans.getAttribute(COMPACTION_MANAGER,
                "Compactions");
        List<ActiveCompaction> active = new ArrayList<>();
        for (Map<String, String> compaction : compactions) {
            active.add(new ActiveCompaction(compaction.getOrDefault("keyspace", ""),
                    compaction.getOrDefault("columnfamily", ""), compaction.getOrDefault("taskType", ""),
                    parse(compaction.get("completed")), parse(compaction.get("total")),
                    compaction.getOrDefault("unit", "")));
        }
        return active;
    }

    private static Number number(MBeanServerConnection mbeans, ObjectName bean, String attribute)
            throws IOException, JMException {
        try {
            Object value = mbeans.getAttribute(bean, attribute);
            return value instanceof Number number ? number : 0;
        } catch (InstanceNotFoundException e) {
            return 0; // a metric Cassandra registers on first use (or an older release)
        }
    }

    private static long parse(String number) {
        try {
            return number == null ? 0 : Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
