package io.ckbridge.ops.doctor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ckbridge.ops.findings.config.ClusterConfig;
import io.ckbridge.ops.findings.config.NodeSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/** Reads the parts of {@link ClusterConfig} from where they are: files, Connect's answer, Kafka, Cassandra. */
public final class ConfigReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigReader() {
    }

    /** A node's {@code cassandra.yaml}, its top-level keys (nested ones as written). */
    @SuppressWarnings("unchecked")
    public static NodeSettings cassandraYaml(Path file) throws IOException {
        Map<String, Object> settings = YAML.readValue(file.toFile(), LinkedHashMap.class);
        return new NodeSettings(file.getFileName().toString(), settings == null ? Map.of() : settings);
    }

    public static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> settings.put(key.toString(), value.toString()));
        return settings;
    }

    /** The connectors of Connect's {@code GET /connectors?expand=info} (and status) answer. */
    public static List<ClusterConfig.ConnectorSettings> connectors(JsonNode expanded) {
        List<ClusterConfig.ConnectorSettings> connectors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expanded.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode info = entry.getValue().path("info");
            Map<String, String> config = new TreeMap<>();
            info.path("config").fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue()
                    .asText()));
            String type = info.path("type").asText(entry.getValue().path("status").path("type").asText(""));
            connectors.add(new ClusterConfig.ConnectorSettings(entry.getKey(), type, config));
        }
        return connectors;
    }

    /** The partition counts of those topics that exist. */
    public static Map<String, Integer> partitions(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> partitions = new HashMap<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        List<String> existing = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        existing.retainAll(topics);
        Map<String, TopicDescription> described = admin.describeTopics(existing).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        described.forEach((topic, description) -> partitions.put(topic, description.partitions().size()));
        return partitions;
    }

    /** Every keyspace's replication, as the driver's metadata has it. */
    public static Map<String, ClusterConfig.KeyspaceReplication> keyspaces(CqlSession session) {
        Map<String, ClusterConfig.KeyspaceReplication> keyspaces = new HashMap<>();
        for (KeyspaceMetadata keyspace : session.getMetadata().getKeyspaces().values()) {
            Map<String, String> options = keyspace.getReplication();
            String strategy = options.getOrDefault("class", "");
            Map<String, Integer> replicas = new LinkedHashMap<>();
            options.forEach((key, value) -> {
                if (key.equals("replication_factor") && strategy.endsWith("SimpleStrategy")) {
                    replicas.put(ClusterConfig.KeyspaceReplication.ANY_DATACENTER, replicas(value));
                } else if (!key.equals("class") && !key.equals("replication_factor")) {
                    replicas.put(key, replicas(value));
                }
            });
            keyspaces.put(keyspace.getName().asInternal(), new ClusterConfig.KeyspaceReplication(
                    strategy.substring(strategy.lastIndexOf('.') + 1), replicas));
        }
        return keyspaces;
    }

    public static Map<String, Integer> nodesPerDatacenter(CqlSession session) {
        Map<String, Integer> nodes = new TreeMap<>();
        for (Node node : session.getMetadata().getNodes().values()) {
            nodes.merge(node.getDatacenter() == null ? "?" : node.getDatacenter(), 1, Integer::sum);
        }
        return nodes;
    }

    /** "3", or "3/1" for transient replication: the full replicas. */
    private static int replicas(String value) {
        String full = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        return Integer.parseInt(full.trim());
    }
}
