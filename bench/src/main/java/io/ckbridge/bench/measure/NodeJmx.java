package io.ckbridge.bench.measure;

import io.ckbridge.sandbox.CassandraNode;
import java.io.IOException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A JMX connection to a sandbox Cassandra node (local JMX, no credentials). */
public final class NodeJmx {
    private NodeJmx() {
    }

    public static JMXConnector connect(CassandraNode node) throws IOException {
        return JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + node.jmxPort() + "/jmxrmi"));
    }
}
