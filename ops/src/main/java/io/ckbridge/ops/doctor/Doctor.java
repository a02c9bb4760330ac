package io.ckbridge.ops.doctor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.config.ClusterConfig;
import io.ckbridge.ops.findings.config.ConfigFindings;
import io.ckbridge.ops.findings.config.NodeSettings;
import io.ckbridge.ops.findings.logs.LogFindings;
import io.ckbridge.ops.findings.logs.LogReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Examines a pipeline from the outside, as {@code bridge doctor} does: the servers' logs, the
 * configuration (cassandra.yaml, the Connect worker's properties, the connectors, their topics,
 * the keyspaces) and, when an ops server runs, the findings it judged from its metrics. Each
 * part that cannot be read is said, and the rest is examined.
 */
public final class Doctor {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Where to look; any part may be absent. {@code since}: log lines older than that are not judged. */
    public record Sources(List<Path> logs, List<Path> cassandraYamls, Optional<Path> workerProperties,
            Optional<ConnectClient> connect, Optional<Admin> kafka, Optional<CqlSession> cassandra,
            Optional<String> opsUrl, Duration since, long cdcLatencyGoalMs, ZoneId zone) {
    }

    /** The findings, the most severe and oldest first; what was read, and what could not be. */
    public record Report(List<Finding> findings, List<String> read, List<String> unread) {
    }

    private Doctor() {
    }

    public static Report examine(Sources sources, long nowMs) {
        List<String> read = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        Map<String, Finding> found = new LinkedHashMap<>();
        logs(sources, nowMs, read, unread).forEach(finding -> found.putIfAbsent(finding.id(), finding));
        Optional<Supplier<JsonNode>> connectors = sources.connect().map(client -> client::expanded);
        ClusterConfig config = config(sources.cassandraYamls(), sources.workerProperties(), connectors,
                sources.connect().map(ConnectClient::baseUrl).orElse(""), sources.kafka(), sources.cassandra(),
                sources.cdcLatencyGoalMs(), read, unread);
        new ConfigFindings().evaluate(config, nowMs)
                .forEach(finding -> found.putIfAbsent(finding.id(), finding));
        sources.opsUrl().ifPresent(url -> opsFindings(url, read, unread)
                .forEach(finding -> found.putIfAbsent(finding.id(), finding)));
        List<Finding> findings = new ArrayList<>(found.values());
        findings.sort(Comparator.comparing(Finding::severity).thenComparingLong(Finding::sinceMs));
        return new Report(findings, read, unread);
    }

    private static List<Finding> logs(Sources sources, long nowMs, List<String> read, List<String> unread) {
        LogReader reader = new LogReader(sources.logs(), sources.zone());
        LogFindings findings = new LogFindings();
        List<Path> files = reader.files();
        if (files.isEmpty()) {
            if (!sources.logs().isEmpty()) {
                unread.add("no log file at " + sources.logs());
            }
            return List.of();
        }
        try {
            reader.readNew(findings::offer);
            read.add(files.size() + " log file(s): " + String.join(", ", files.stream()
                    .map(file -> file.getFileName().toString()).toList()));
        } catch (IOException e) {
            unread.add("logs: " + e.getMessage());
        }
        return findings.findings(nowMs - sources.since().toMillis(), nowMs);
    }

    /** The configuration from where it is; {@code connectors} answers Connect's expand=info (from {@code connect}). */
    static ClusterConfig config(List<Path> yamls, Optional<Path> workerProperties,
            Optional<Supplier<JsonNode>> connectorsAnswer, String connect, Optional<Admin> kafka,
            Optional<CqlSession> cassandra, long cdcLatencyGoalMs, List<String> read, List<String> unread) {
        List<NodeSettings> nodes = new ArrayList<>();
        for (Path yaml : yamls) {
            try {
                nodes.add(ConfigReader.cassandraYaml(yaml));
            } catch (IOException | RuntimeException e) {
                unread.add(yaml + ": " + e.getMessage());
            }
        }
        if (!nodes.isEmpty()) {
            read.add(nodes.size() + " cassandra.yaml: " + String.join(", ", nodes.stream().map(NodeSettings::file)
                    .toList()));
        }
        Map<String, String> worker = Map.of();
        if (workerProperties.isPresent()) {
            try {
                worker = ConfigReader.properties(workerProperties.get());
                read.add("the Connect worker's " + workerProperties.get().getFileName());
            } catch (IOException e) {
                unread.add(workerProperties.get() + ": " + e.getMessage());
            }
        }
        List<ClusterConfig.ConnectorSettings> connectors = List.of();
        if (connectorsAnswer.isPresent()) {
            try {
                connectors = ConfigReader.connectors(connectorsAnswer.get().get());
                read.add(connectors.size() + " connector config(s) from " + connect);
            } catch (RuntimeException e) {
                unread.add("connectors from " + connect + ": " + e.getMessage());
            }
        }
        Map<String, Integer> partitions = Map.of();
        if (kafka.isPresent() && !connectors.isEmpty()) {
            Set<String> topics = new TreeSet<>();
            connectors.forEach(connector -> {
                for (String topic : connector.get("topics", "").split(",")) {
                    if (!topic.isBlank()) {
                        topics.add(topic.trim());
                    }
                }
            });
            try {
                partitions = ConfigReader.partitions(kafka.get(), topics);
                read.add("partitions of " + partitions.size() + " topic(s)");
            } catch (Exception e) {
                unread.add("topics from Kafka: " + e.getMessage());
            }
        }
        Map<String, ClusterConfig.KeyspaceReplication> keyspaces = Map.of();
        Map<String, Integer> nodesPerDc = Map.of();
        if (cassandra.isPresent()) {
            try {
                keyspaces = ConfigReader.keyspaces(cassandra.get());
                nodesPerDc = ConfigReader.nodesPerDatacenter(cassandra.get());
                read.add("replication of " + keyspaces.size() + " keyspace(s), nodes " + nodesPerDc);
            } catch (RuntimeException e) {
                unread.add("keyspaces from Cassandra: " + e.getMessage());
            }
        }
        return new ClusterConfig(nodes, worker, connectors, partitions, keyspaces, nodesPerDc, cdcLatencyGoalMs);
    }

    private static List<Finding> opsFindings(String opsUrl, List<String> read, List<String> unread) {
        String url = opsUrl.endsWith("/") ? opsUrl + "api/findings" : opsUrl + "/api/findings";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                unread.add("findings of ops at " + url + ": HTTP " + response.statusCode());
                return List.of();
            }
            JsonNode body = JSON.readTree(response.body());
            List<Finding> findings = new ArrayList<>();
            for (JsonNode finding : body.path("findings")) {
                findings.add(JSON.treeToValue(finding, Finding.class));
            }
            read.add(findings.size() + " finding(s) of the ops server at " + opsUrl + " (its metrics)");
            return findings;
        } catch (IOException e) {
            unread.add("findings of ops at " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }
}
