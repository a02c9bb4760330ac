package io.ckbridge.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a sandbox is laid out on this machine: node count, every port, and whether it is secure.
 * Saved in the sandbox folder on first start, so later commands ({@code cql}, {@code produce},
 * {@code status}) find the servers, and reach them as they must, without repeating the options.
 *
 * @param nodes                   Cassandra nodes, on 127.0.0.1 .. 127.0.0.N
 * @param cassandraPort           CQL port, the same on every node address
 * @param storagePort             inter-node port, the same on every node address
 * @param jmxPort                 JMX port of node 1 (on 127.0.0.1); node i uses jmxPort + i - 1
 * @param kafkaPort               broker listener on 127.0.0.1; the KRaft controller uses kafkaPort + 1
 * @param connectPort             Kafka Connect REST port
 * @param commitlogSyncPeriodMs   Cassandra's periodic commit-log sync: the floor of CDC latency
 * @param cassandraAuth           PasswordAuthenticator with the default superuser cassandra/cassandra (plain
 *                                connections; see {@code secure} for TLS)
 * @param connectProperties       worker settings written over the generated connect-distributed.properties
 * @param cdcMetricsPort          HTTP port of the CDC publisher of node 1 (/metrics, /health); node i uses this + i - 1
 * @param materializerPort        HTTP port of the materializer's /metrics and /health
 * @param opsPort                 HTTP port of the ops server (dashboard, /api, /metrics)
 * @param cdcTotalSpaceMib        each node's cdc_total_space: above it Cassandra rejects writes to CDC tables
 * @param secure                  TLS and PasswordAuthenticator on Cassandra, SASL_SSL on Kafka, with generated
 *                                certificates and passwords (see {@link SandboxAccess})
 * @param schemaRegistry          an Apicurio Registry (Confluent-compatible API) runs beside Kafka
 * @param schemaRegistryPort      its HTTP port on 127.0.0.1; its management interface uses this + 1
 * @param materializerProperties  materializer settings over the sandbox's (e.g. output.format=avro)
 * @param cassandraVersion        the Cassandra release a node starts on the first time (null: the distribution's
 *                                newest); each node keeps its own afterwards, which an upgrade changes
 */
public record SandboxSettings(
        int nodes,
        int cassandraPort,
        int storagePort,
        int jmxPort,
        int kafkaPort,
        int connectPort,
        int commitlogSyncPeriodMs,
        boolean cassandraAuth,
        Map<String, String> connectProperties,
        int cdcMetricsPort,
        int materializerPort,
        int opsPort,
        int cdcTotalSpaceMib,
        boolean secure,
        boolean schemaRegistry,
        int schemaRegistryPort,
        Map<String, String> materializerProperties,
        String cassandraVersion) {

    public static final String DATACENTER = "datacenter1";
    public static final int MAX_NODES = 9;
    public static final String SUPERUSER = "cassandra";
    public static final String SUPERUSER_PASSWORD = "cassandra";
    public static final int DEFAULT_CDC_TOTAL_SPACE_MIB = 2048;
    public static final int DEFAULT_SCHEMA_REGISTRY_PORT = 8081;

    public static SandboxSettings defaults() {
        return new SandboxSettings(1, 9042, 7000, 7199, 9092, 8083, 100, false, Map.of(), 8091, 8090,
                8088, DEFAULT_CDC_TOTAL_SPACE_MIB, false, false, DEFAULT_SCHEMA_REGISTRY_PORT, Map.of(), null);
    }

    /** Settings on ports free right now: for tests that must not meet a sandbox already running. */
    public static SandboxSettings onFreePorts(int nodes) {
        Set<Integer> taken = new HashSet<>();
        return new SandboxSettings(nodes, Ports.freePort(1, taken), Ports.freePort(1, taken),
                Ports.freePort(nodes, taken), Ports.freePort(2, taken), Ports.freePort(1, taken), 100, false, Map.of(),
                Ports.freePort(nodes, taken), Ports.freePort(1, taken), Ports.freePort(1, taken),
                DEFAULT_CDC_TOTAL_SPACE_MIB, false, false, Ports.freePort(2, taken), Map.of(), null);
    }

    public SandboxSettings {
        connectProperties = connectProperties == null ? Map.of() : new TreeMap<>(connectProperties);
        materializerProperties = materializerProperties == null ? Map.of() : new TreeMap<>(materializerProperties);
        cdcMetricsPort = cdcMetricsPort == 0 ? 8091 : cdcMetricsPort; // settings saved before the publishers existed
        materializerPort = materializerPort == 0 ? 8090 : materializerPort; // and before the materializer
        opsPort = opsPort == 0 ? 8088 : opsPort; // and before ops
        schemaRegistryPort = schemaRegistryPort == 0 ? DEFAULT_SCHEMA_REGISTRY_PORT : schemaRegistryPort; // registry
        cdcTotalSpaceMib = cdcTotalSpaceMib == 0 ? DEFAULT_CDC_TOTAL_SPACE_MIB : cdcTotalSpaceMib;
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new SandboxException("--nodes must be between 1 and " + MAX_NODES + ", not " + nodes + ".");
        }
        if (cdcTotalSpaceMib < 16) {
            throw new SandboxException("cdc_total_space must be at least 16 MiB (two 8 MiB segments), not "
                    + cdcTotalSpaceMib + ".");
        }
        if (commitlogSyncPeriodMs < 1) {
            throw new SandboxException("The commit-log sync period must be at least 1 ms.");
        }
    }

    public SandboxSettings withNodes(int value) {
        return new SandboxSettings(value, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withCassandraPort(int value) {
        return new SandboxSettings(nodes, value, storagePort, jmxPort, kafkaPort, connectPort, commitlogSyncPeriodMs,
                cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort, cdcTotalSpaceMib, secure,
                schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withStoragePort(int value) {
        return new SandboxSettings(nodes, cassandraPort, value, jmxPort, kafkaPort, connectPort, commitlogSyncPeriodMs,
                cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort, cdcTotalSpaceMib, secure,
                schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withJmxPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, value, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withKafkaPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, value, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withConnectPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, value, commitlogSyncPeriodMs,
                cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort, cdcTotalSpaceMib, secure,
                schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withCommitlogSyncPeriodMs(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort, value,
                cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort, cdcTotalSpaceMib, secure,
                schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withCassandraAuth(boolean value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, value, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withConnectProperties(Map<String, String> value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, value, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withCdcMetricsPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, value, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withMaterializerPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, value, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withOpsPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, value,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withCdcTotalSpaceMib(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                value, secure, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withSecure(boolean value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, value, schemaRegistry, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withSchemaRegistry(boolean value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, value, schemaRegistryPort, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withSchemaRegistryPort(int value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, value, materializerProperties, cassandraVersion);
    }

    public SandboxSettings withMaterializerProperties(Map<String, String> value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, value, cassandraVersion);
    }

    public SandboxSettings withCassandraVersion(String value) {
        return new SandboxSettings(nodes, cassandraPort, storagePort, jmxPort, kafkaPort, connectPort,
                commitlogSyncPeriodMs, cassandraAuth, connectProperties, cdcMetricsPort, materializerPort, opsPort,
                cdcTotalSpaceMib, secure, schemaRegistry, schemaRegistryPort, materializerProperties, value);
    }

    /** Whether Cassandra checks passwords: with {@code --cassandra-auth}, and always when secure. */
    public boolean passwordAuthentication() {
        return cassandraAuth || secure;
    }

    /** Address of node {@code index} (1-based): each node has its own loopback address. */
    public static String nodeAddress(int index) {
        return "127.0.0." + index;
    }

    public List<String> cassandraContactPoints() {
        List<String> points = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            points.add(nodeAddress(i) + ":" + cassandraPort);
        }
        return points;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public int controllerPort() {
        return kafkaPort + 1;
    }

    public String connectUrl() {
        return "http://127.0.0.1:" + connectPort;
    }

    /** The registry's base URL; its Confluent-compatible API is under {@code apis/ccompat/v7}. */
    public String schemaRegistryUrl() {
        return "http://127.0.0.1:" + schemaRegistryPort;
    }
}
