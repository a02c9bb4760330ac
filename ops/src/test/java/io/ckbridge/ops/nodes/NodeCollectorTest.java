package io.ckbridge.ops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import java.util.Map;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins to a JMX endpoint that checks passwords, as a Cassandra node with
 * {@code com.sun.management.jmxremote.authenticate} does: this JVM's own JMX, over RMI.
 */
class NodeCollectorTest {
    private static Registry registry;
    private static JMXConnectorServer server;
    private static JmxEndpoint endpoint;

    @BeforeAll
    static void jmxWithPasswords() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        registry = LocateRegistry.createRegistry(port);
        JMXAuthenticator authenticator = credentials -> {
            if (credentials instanceof String[] pair && pair.length == 2 && pair[0].equals("monitor")
                    && pair[1].equals("s3cret")) {
                return new Subject(true, java.util.Set.of(new JMXPrincipal("monitor")), java.util.Set.of(),
                        java.util.Set.of());
            }
            throw new SecurityException("Authentication failed! Invalid username or password");
        };
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"),
                Map.of(JMXConnectorServer.AUTHENTICATOR, authenticator), ManagementFactory.getPlatformMBeanServer());
        server.start();
        endpoint = new JmxEndpoint("127.0.0.1", port);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        UnicastRemoteObject.unexportObject(registry, true);
    }

    @Test
    void aWrongPasswordIsSaidAsARefusedLoginNamingTheKeys() {
        try (NodeCollector collector = new NodeCollector(List.of(endpoint), "monitor", "wrong")) {
            NodeStatus node = collector.collect().get(0);
            assertThat(node.up()).isFalse();
            assertThat(node.error()).startsWith("JMX at " + endpoint.address() + " refused the login")
                    .contains("check cassandra.jmx.username and cassandra.jmx.password");
        }
    }

    @Test
    void theRightPasswordLogsInAndAJvmThatIsNoCassandraNodeIsSaidSo() {
        try (NodeCollector collector = new NodeCollector(List.of(endpoint), "monitor", "s3cret")) {
            NodeStatus node = collector.collect().get(0);
            assertThat(node.up()).isFalse();
            assertThat(node.error()).doesNotContain("refused the login")
                    .contains("has no MBean org.apache.cassandra.db:type=StorageService", "Cassandra node's JMX port");
        }
    }
}
