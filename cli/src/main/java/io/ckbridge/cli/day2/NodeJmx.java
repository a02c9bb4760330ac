package io.ckbridge.cli.day2;

import io.ckbridge.ops.nodes.JmxConnections;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.sandbox.CassandraNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** The operations a person does with nodetool, done over each sandbox node's JMX. */
final class NodeJmx implements AutoCloseable {
    private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";

    private final JmxConnections connections = new JmxConnections("", "");

    /** {@code nodetool drain}: flushes every table and stops taking writes; the node is then stopped. */
    void drain(CassandraNode node) {
        invoke(node, STORAGE_SERVICE, "drain", new Object[0], new String[0]);
    }

    /** The nodes this one sees alive (gossip), by address. */
    @SuppressWarnings("unchecked")
    List<String> liveNodes(CassandraNode node) {
        return (List<String>) attribute(node, STORAGE_SERVICE, "LiveNodes");
    }

    /** Every keyspace the node has, the system ones too (as {@code nodetool upgradesstables} goes through them). */
    @SuppressWarnings("unchecked")
    List<String> keyspaces(CassandraNode node) {
        return (List<String>) attribute(node, STORAGE_SERVICE, "Keyspaces");
    }

    String releaseVersion(CassandraNode node) {
        return (String) attribute(node, STORAGE_SERVICE, "ReleaseVersion");
    }

    /** {@code nodetool snapshot -t tag keyspace}. */
    void snapshot(CassandraNode node, String tag, String keyspace) {
        invoke(node, STORAGE_SERVICE, "takeSnapshot", new Object[] {tag, Map.of(), new String[] {keyspace}},
                new String[] {String.class.getName(), Map.class.getName(), String[].class.getName()});
    }

    void clearSnapshot(CassandraNode node, String tag, String keyspace) {
        invoke(node, STORAGE_SERVICE, "clearSnapshot", new Object[] {tag, new String[] {keyspace}},
                new String[] {String.class.getName(), String[].class.getName()});
    }

    /** {@code nodetool flush keyspace}. */
    void flush(CassandraNode node, String keyspace) {
        invoke(node, STORAGE_SERVICE, "forceKeyspaceFlush", new Object[] {keyspace, new String[0]},
                new String[] {String.class.getName(), String[].class.getName()});
    }

    /** {@code nodetool upgradesstables keyspace}: rewrites the sstables not yet in the running version's format. */
    int upgradeSstables(CassandraNode node, String keyspace) {
        Object status = invoke(node, STORAGE_SERVICE, "upgradeSSTables", new Object[] {keyspace, true, 1,
                new String[0]}, new String[] {String.class.getName(), boolean.class.getName(), int.class.getName(),
                String[].class.getName()});
        return (Integer) status;
    }

    /**
     * {@code nodetool import --copy-data keyspace table dir}: loads the sstables of {@code directory}
     * into the live table (copies, so a snapshot stays whole); returns the folders that failed.
     */
    @SuppressWarnings("unchecked")
    List<String> importSstables(CassandraNode node, String keyspace, String table, String directory) {
        String mbean = "org.apache.cassandra.db:type=Tables,keyspace=" + keyspace + ",table=" + table;
        // srcPaths, resetLevel, clearRepaired, verifySSTables, verifyTokens, invalidateCaches, extendedVerify, copyData
        return (List<String>) invoke(node, mbean, "importNewSSTables",
                new Object[] {Set.of(directory), true, true, true, true, true, false, true},
                new String[] {Set.class.getName(), boolean.class.getName(), boolean.class.getName(),
                        boolean.class.getName(), boolean.class.getName(), boolean.class.getName(),
                        boolean.class.getName(), boolean.class.getName()});
    }

    /** The count of a Cassandra metric (a counter or meter), e.g. {@code type=Storage,name=TotalHints}. */
    long metricCount(CassandraNode node, String typeAndName) {
        try {
            return ((Number) attribute(node, "org.apache.cassandra.metrics:" + typeAndName, "Count")).longValue();
        } catch (Day2Exception e) {
            if (e.getCause() instanceof InstanceNotFoundException) {
                return 0; // some metrics (HintsService's) are registered on their first event
            }
            throw e;
        }
    }

    private Object attribute(CassandraNode node, String mbean, String name) {
        JmxEndpoint endpoint = endpoint(node);
        try {
            return connection(endpoint).getAttribute(new ObjectName(mbean), name);
        } catch (IOException | JMException e) {
            connections.disconnect(endpoint);
            throw new Day2Exception(node.name() + ": cannot read " + name + " over JMX (" + endpoint.address() + "): "
                    + e.getMessage(), e);
        }
    }

    private Object invoke(CassandraNode node, String mbean, String operation, Object[] arguments,
            String[] signature) {
        JmxEndpoint endpoint = endpoint(node);
        try {
            return connection(endpoint).invoke(new ObjectName(mbean), operation, arguments, signature);
        } catch (IOException | JMException e) {
            connections.disconnect(endpoint);
            throw new Day2Exception(node.name() + ": " + operation + " over JMX (" + endpoint.address()
                    + ") failed: " + e.getMessage(), e);
        }
    }

    private MBeanServerConnection connection(JmxEndpoint endpoint) throws IOException {
        return connections.connection(endpoint);
    }

    private static JmxEndpoint endpoint(CassandraNode node) {
        return new JmxEndpoint("127.0.0.1", node.jmxPort());
    }

    /** Forgets a node's connection (it was restarted). */
    void forget(CassandraNode node) {
        connections.disconnect(endpoint(node));
    }

    @Override
    public void close() {
        connections.close();
    }
}
