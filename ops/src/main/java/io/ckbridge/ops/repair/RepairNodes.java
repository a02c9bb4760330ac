package io.ckbridge.ops.repair;

import io.ckbridge.ops.nodes.JmxConnections;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.ops.nodes.NodeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * The Cassandra nodes as repair sees them over JMX: which endpoint is which node of the ring,
 * whether a segment's replicas are up and not behind on compactions, and a replica to
 * coordinate a segment's repair.
 */
public final class RepairNodes implements AutoCloseable {
    private static final ObjectName STORAGE = storage();

    private final List<JmxEndpoint> endpoints;
    private final JmxConnections connections;
    private final Map<String, JmxEndpoint> byAddress = new HashMap<>();

    public RepairNodes(List<JmxEndpoint> endpoints, String username, String password) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("repair needs the Cassandra nodes' JMX endpoints (cassandra.jmx)");
        }
        this.endpoints = List.copyOf(endpoints);
        this.connections = new JmxConnections(username, password);
    }

    /** The keyspace's ranges and replicas, from the first node that answers. */
    public List<ReplicatedRange> ring(String keyspace) throws IOException {
        IOException last = null;
        for (JmxEndpoint endpoint : endpoints) {
            try {
                return RingReader.ranges(connections.connection(endpoint), keyspace);
            } catch (IOException e) {
                connections.disconnect(endpoint);
                last = e;
            } catch (JMException e) {
                throw new IOException("JMX at " + endpoint.address() + " cannot describe the ring of " + keyspace
                        + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("no Cassandra node answers over JMX (" + endpoints + ")", last);
    }

    /**
     * Why a segment on {@code replicas} must wait, or empty when it may run now: a replica that
     * is down (for the ring, or its JMX does not answer) or has more than {@code maxPending}
     * compactions waiting.
     */
    public Optional<String> whyWait(Set<String> replicas, int maxPending) {
        Set<String> down = new TreeSet<>();
        List<String> busy = new ArrayList<>();
        Set<String> unreachable = unreachable();
        for (String replica : new TreeSet<>(replicas)) {
            if (unreachable.contains(replica)) {
                down.add(replica);
                continue;
            }
            Optional<JmxEndpoint> endpoint = endpoint(replica);
            if (endpoint.isEmpty()) {
                continue; // a node ops has no JMX for: the ring's view above is all there is
            }
            try {
                int pending = NodeReader.pendingCompactions(connections.connection(endpoint.get()));
                if (pending > maxPending) {
                    busy.add(replica + " has " + pending + " pending compactions (more than " + maxPending + ")");
                }
            } catch (IOException | JMException | RuntimeException e) {
                connections.disconnect(endpoint.get());
                down.add(replica);
            }
        }
        if (!down.isEmpty()) {
            return Optional.of("replica " + String.join(", ", down) + " is down");
        }
        return busy.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", busy));
    }

    /** A replica of the segment to run its repair on: the first, in address order, that ops reaches over JMX. */
    public Optional<Coordinator> coordinator(Set<String> replicas) {
        for (String replica : new TreeSet<>(replicas)) {
            Optional<JmxEndpoint> endpoint = endpoint(replica);
            if (endpoint.isPresent()) {
                try {
                    return Optional.of(new Coordinator(replica, endpoint.get(),
                            connections.connection(endpoint.get())));
                } catch (IOException e) {
                    connections.disconnect(endpoint.get());
                }
            }
        }
        return Optional.empty();
    }

    /** After a failure on the coordinator's connection: reconnect next time. */
    public void forget(Coordinator coordinator) {
        connections.disconnect(coordinator.endpoint());
    }

    /** A node that runs a segment's repair. */
    public record Coordinator(String address, JmxEndpoint endpoint, MBeanServerConnection mbeans) {
    }

    /** The nodes any reachable node's gossip holds down. */
    private Set<String> unreachable() {
        Set<String> down = new TreeSet<>();
        for (JmxEndpoint endpoint : endpoints) {
            try {
                @SuppressWarnings("unchecked")
                List<String> nodes = (List<String>) connections.connection(endpoint).getAttribute(STORAGE,
                        "UnreachableNodesWithPort");
                nodes.forEach(node -> down.add(RingReader.address(node)));
                return down;
            } catch (IOException | JMException | RuntimeException e) {
                connections.disconnect(endpoint);
            }
        }
        return down;
    }

    private Optional<JmxEndpoint> endpoint(String address) {
        synchronized (byAddress) {
            if (!byAddress.containsKey(address)) {
                learnAddresses();
            }
            return Optional.ofNullable(byAddress.get(address));
        }
    }

    private void learnAddresses() {
        for (JmxEndpoint endpoint : endpoints) {
            if (byAddress.containsValue(endpoint)) {
                continue;
            }
            try {
                byAddress.put(NodeReader.address(connections.connection(endpoint)), endpoint);
            } catch (IOException | JMException | RuntimeException e) {
                connections.disconnect(endpoint);
            }
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    private static ObjectName storage() {
        try {
            return new ObjectName("org.apache.cassandra.db:type=StorageService");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
