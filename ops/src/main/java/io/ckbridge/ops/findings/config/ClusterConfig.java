package io.ckbridge.ops.findings.config;

import java.util.List;
import java.util.Map;

/**
 * The configuration the config rules judge: each node's {@code cassandra.yaml}, the Connect
 * worker's properties (its converters are the connectors' defaults), the connectors'
 * configs (from Connect's REST API), the partition counts of their topics, the keyspaces'
 * replication and the nodes per datacenter, and the CDC latency wanted. A part not read is empty.
 */
public record ClusterConfig(List<NodeSettings> nodes, Map<String, String> workerSettings,
        List<ConnectorSettings> connectors,
        Map<String, Integer> topicPartitions, Map<String, KeyspaceReplication> keyspaces,
        Map<String, Integer> nodesPerDatacenter, long cdcLatencyGoalMs) {

    public static final long DEFAULT_CDC_LATENCY_GOAL_MS = 1_000;

    public ClusterConfig {
        nodes = List.copyOf(nodes);
        workerSettings = Map.copyOf(workerSettings);
        connectors = List.copyOf(connectors);
        topicPartitions = Map.copyOf(topicPartitions);
        keyspaces = Map.copyOf(keyspaces);
        nodesPerDatacenter = Map.copyOf(nodesPerDatacenter);
    }

    /** A connector's config; {@code type} is Connect's ({@code sink} or {@code source}). */
    public record ConnectorSettings(String name, String type, Map<String, String> config) {
        public boolean sink() {
            return "sink".equals(type);
        }

        public String get(String key, String otherwise) {
            String value = config.get(key);
            return value == null ? otherwise : value.trim();
        }
    }

    /** A keyspace's replication strategy and replicas per datacenter (SimpleStrategy: under "*"). */
    public record KeyspaceReplication(String strategy, Map<String, Integer> replicas) {
        public static final String ANY_DATACENTER = "*";

        public int total() {
            return replicas.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
