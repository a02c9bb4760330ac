package io.ckbridge.ops.nodes;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Open JMX connections to Cassandra nodes, one per endpoint, made on first use and again after
 * {@link #disconnect} (callers disconnect when a read fails, so a restarted node is reached anew).
 */
public final class JmxConnections implements AutoCloseable {
    private final Map<String, Object> environment = new HashMap<>();
    private final Map<JmxEndpoint, JMXConnector> connections = new HashMap<>();

    /** {@code username} empty: the nodes' JMX checks no password. */
    public JmxConnections(String username, String password) {
        if (!username.isEmpty()) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {username, password});
        }
    }

    public MBeanServerConnection connection(JmxEndpoint endpoint) throws IOException {
        JMXConnector connector;
        synchronized (connections) {
            connector = connections.get(endpoint);
        }
        if (connector == null) {
            connector = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://"
                    + endpoint.address() + "/jmxrmi"), environment);
            JMXConnector raced;
            synchronized (connections) {
                raced = connections.putIfAbsent(endpoint, connector);
            }
            if (raced != null) {
                close(connector);
                connector = raced;
            }
        }
        return connector.getMBeanServerConnection();
    }

    public void disconnect(JmxEndpoint endpoint) {
        JMXConnector connector;
        synchronized (connections) {
            connector = connections.remove(endpoint);
        }
        if (connector != null) {
            close(connector);
        }
    }

    private static void close(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is already broken
        }
    }

    @Override
    public void close() {
        List<JmxEndpoint> open;
        synchronized (connections) {
            open = List.copyOf(connections.keySet());
        }
        open.forEach(this::disconnect);
    }
}
