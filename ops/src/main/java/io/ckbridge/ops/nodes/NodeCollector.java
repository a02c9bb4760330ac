package io.ckbridge.ops.nodes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;

/**
 * Reads every Cassandra node over JMX, all at once, each within a timeout: a node that does not
 * answer is shown down with the reason and does not hold up the others. Connections are kept
 * and made again after a failure.
 */
public final class NodeCollector implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final List<JmxEndpoint> endpoints;
    private final JmxConnections connections;
    private final Map<JmxEndpoint, NodeSample> previous = new HashMap<>();
    private final ExecutorService readers;

    /** {@code username} empty: the nodes' JMX checks no password. */
    public NodeCollector(List<JmxEndpoint> endpoints, String username, String password) {
        this.endpoints = List.copyOf(endpoints);
        this.connections = new JmxConnections(username, password);
        this.readers = Executors.newFixedThreadPool(Math.max(1, Math.min(8, endpoints.size())), runnable -> {
            Thread thread = new Thread(runnable, "ops-jmx");
            thread.setDaemon(true);
            return thread;
        });
    }

    public boolean watching() {
        return !endpoints.isEmpty();
    }

    /** Every node now, in the order they were given. */
    public List<NodeStatus> collect() {
        long now = System.currentTimeMillis();
        List<Future<NodeSample>> reads = new ArrayList<>();
        for (JmxEndpoint endpoint : endpoints) {
            reads.add(readers.submit(() -> read(endpoint, now)));
        }
        List<NodeStatus> nodes = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            JmxEndpoint endpoint = endpoints.get(i);
            try {
                NodeSample sample = reads.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                nodes.add(NodeStatus.of(endpoint, sample, previous.get(endpoint)));
                previous.put(endpoint, sample);
            } catch (ExecutionException e) {
                disconnect(endpoint);
                nodes.add(NodeStatus.down(endpoint, why(endpoint, e.getCause()), previous.get(endpoint)));
            } catch (TimeoutException e) {
                reads.get(i).cancel(true);
                disconnect(endpoint);
                nodes.add(NodeStatus.down(endpoint, "JMX at " + endpoint.address() + " did not answer within "
                        + TIMEOUT_SECONDS + " s", previous.get(endpoint)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return nodes;
    }

    private NodeSample read(JmxEndpoint endpoint, long now) throws IOException, JMException {
        return NodeReader.read(connections.connection(endpoint), now);
    }

    private void disconnect(JmxEndpoint endpoint) {
        connections.disconnect(endpoint);
    }

    static String why(JmxEndpoint endpoint, Throwable cause) {
        if (cause instanceof SecurityException) {
            return "JMX at " + endpoint.address() + " refused the login (" + cause.getMessage()
                    + "): check cassandra.jmx.username and cassandra.jmx.password";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof javax.management.InstanceNotFoundException) {
            return "JMX at " + endpoint.address() + " answers but has no MBean " + root.getMessage()
                    + ": is it a Cassandra node's JMX port?";
        }
        return "JMX at " + endpoint.address() + " cannot be read: " + root;
    }

    @Override
    public void close() {
        readers.shutdownNow();
        connections.close();
    }
}
