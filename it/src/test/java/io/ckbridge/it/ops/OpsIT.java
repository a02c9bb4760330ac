package io.ckbridge.it.ops;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The ops server the sandbox starts, against the sandbox's real Kafka, Connect and Cassandra. */
@BridgeSandbox
class OpsIT {
    private static final String KS = "ops_it";

    @Test
    void aPausedSinkWithRecordsWaitingIsStoppedInTheLagApiAndTheApiPausesResumesAndRestartsIt(Sandbox sandbox)
            throws Exception {
        String topic = "ops-paused";
        String connector = "ops-paused-sink";
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".paused (id int PRIMARY KEY, v text)");
        }
        Clients.createTopic(sandbox, topic, 2);
        Connectors.deploy(sandbox, connector, with(Connectors.sinkConfig(sandbox, KS, topic),
                "topic." + topic + "." + KS + ".paused.mapping", "id=value.id, v=value.v"));
        send(sandbox, topic, 0, 200);
        String group = "connect-" + connector;
        await("the sink caught up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> OpsApi.group(sandbox, group).map(g -> g.path("totalLag").asLong() == 0
                        && g.path("partitions").size() == 2).orElse(false));
        assertThat(OpsApi.group(sandbox, group).orElseThrow().path("kind").asText()).isEqualTo("connect-sink");

        assertThat(OpsApi.post(sandbox, "/api/connectors/" + connector + "/pause").statusCode()).isEqualTo(202);
        await("PAUSED through the API").atMost(Duration.ofSeconds(30))
                .until(() -> OpsApi.connectorState(sandbox, connector), "PAUSED"::equals);
        send(sandbox, topic, 200, 500);
        await("STOP or STALL with 500 records waiting").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> OpsApi.group(sandbox, group).orElseThrow(),
                        g -> g.path("totalLag").asLong() == 500 && List.of("STOP", "STALL")
                                .contains(g.path("status").asText()));
        JsonNode waiting = OpsApi.group(sandbox, group).orElseThrow();
        System.out.printf("[ops] paused sink: %s with %d records waiting, %s s behind%n",
                waiting.path("status").asText(), waiting.path("totalLag").asLong(), waiting.path("maxLagSeconds"));
        assertThat(waiting.path("maxLagSeconds").isNumber()).as("lag in seconds is known").isTrue();
        JsonNode finding = await("a finding for the paused sink").atMost(Duration.ofSeconds(30))
                .until(() -> OpsApi.finding(sandbox, "lag-status:" + group), Optional::isPresent).orElseThrow();
        System.out.printf("[ops] finding: %s%n", finding.path("summary").asText());
        assertThat(finding.path("summary").asText()).contains("connector " + connector + ", PAUSED",
                "500 records waiting");
        assertThat(finding.path("action").asText()).contains("/api/connectors/" + connector + "/resume");
        assertThat(finding.path("evidence")).isNotEmpty();

        assertThat(OpsApi.post(sandbox, "/api/connectors/" + connector + "/resume").statusCode()).isEqualTo(202);
        await("resumed, caught up and OK").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> OpsApi.group(sandbox, group).orElseThrow(),
                        g -> g.path("totalLag").asLong() == 0 && g.path("status").asText().equals("OK"));
        assertThat(OpsApi.post(sandbox, "/api/connectors/" + connector + "/restart").statusCode()).isEqualTo(202);
        await("RUNNING after a restart").atMost(Duration.ofSeconds(60))
                .until(() -> OpsApi.connectorState(sandbox, connector), "RUNNING"::equals);
        assertThat(OpsApi.post(sandbox, "/api/connectors/" + connector + "/jump").statusCode()).isEqualTo(404);
        Connectors.delete(sandbox, connector);
    }

    @Test
    void aGroupCommittingTheSameOffsetWhileRecordsWaitIsStalledWithItsCommitTimesFromTheLog(Sandbox sandbox)
            throws Exception {
        String topic = "ops-stalled";
        Clients.createTopic(sandbox, topic, 1);
        send(sandbox, topic, 0, 100);
        String group = "ops-it-stalled";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(sandbox.access().kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.currentTimeMillis() + 90_000;
            Optional<JsonNode> judged = Optional.empty();
            while (System.currentTimeMillis() < deadline) {
                // commits offset 10 again and again, as a consumer stuck on one record does
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(10)));
                judged = OpsApi.group(sandbox, group);
                if (judged.isPresent() && judged.get().path("status").asText().equals("STALL")) {
                    break;
                }
                Thread.sleep(1_500);
            }
            assertThat(judged).as("group %s in /api/lag", group).isPresent();
            assertThat(judged.get().path("status").asText()).isEqualTo("STALL");
            JsonNode only = judged.get().path("partitions").get(0);
            assertThat(only.path("lag").asLong()).isEqualTo(90);
            assertThat(only.path("committedOffset").asLong()).isEqualTo(10);
            assertThat(only.path("window").size()).isGreaterThanOrEqualTo(2);
            assertThat(OpsApi.getJson(sandbox, "/api/lag").path("commitTimesFromLog").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void metricsAreInThePrometheusTextFormatAndHealthIsUp(Sandbox sandbox) throws Exception {
        String topic = "ops-metrics";
        Clients.createTopic(sandbox, topic, 1);
        send(sandbox, topic, 0, 3);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(sandbox.access().kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "ops-it-metrics")), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> OpsApi.get(sandbox, "/metrics").body()
                        .contains("ops_lag_records{group=\"ops-it-metrics\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> OpsApi.get(sandbox, "/health").statusCode() == 200);
        assertThat(OpsApi.getJson(sandbox, "/health").path("status").asText()).isIn("UP", "DEGRADED");
        HttpResponse<String> metrics = OpsApi.get(sandbox, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        PrometheusText.requireValid(metrics.body());
        assertThat(metrics.body()).contains("# TYPE ops_lag_records gauge", "ops_lag_group_status{",
                "ops_connectors{state=\"RUNNING\"}", "ops_node_up{endpoint=", "ops_node_pending_compactions{",
                "ops_cdc_publisher_up{publisher=", "ops_materializer_running 1",
                "ops_findings{severity=\"CRITICAL\"}");
        HttpResponse<String> history = OpsApi.get(sandbox, "/api/history");
        assertThat(OpsApi.json(history).path("series").toString()).contains("lag.records:");
    }

    @Test
    void theNodesAreReadOverJmxAndTheCdcPathFromThePublishersAndTheMaterializer(Sandbox sandbox) throws Exception {
        JsonNode nodes = await("the node read").atMost(Duration.ofSeconds(30)).until(
                () -> OpsApi.getJson(sandbox, "/api/nodes").path("nodes"), n -> n.size() == 1 && n.get(0).path("up")
                        .asBoolean());
        JsonNode node = nodes.get(0);
        System.out.printf("[ops] node: %s%n", node);
        assertThat(node.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(node.path("datacenter").asText()).isEqualTo("datacenter1");
        assertThat(node.path("mode").asText()).isEqualTo("NORMAL");
        assertThat(node.path("version").asText()).startsWith("5.0");
        assertThat(node.path("heapUsedBytes").asLong()).isPositive().isLessThanOrEqualTo(node.path("heapMaxBytes")
                .asLong());
        assertThat(node.path("cdcBlockWrites").asBoolean()).as("cdc_block_writes, the default").isTrue();
        assertThat(node.has("pendingCompactions") && node.has("writeP99Ms") && node.has("activeCompactions"))
                .isTrue();

        JsonNode cdc = OpsApi.getJson(sandbox, "/api/cdc");
        JsonNode publisher = cdc.path("publishers").get(0);
        assertThat(publisher.path("status").asText()).isIn("UP", "DEGRADED");
        assertThat(publisher.path("cdcTotalSpaceBytes").asLong()).isEqualTo(2048L * 1024 * 1024);
        assertThat(publisher.path("url").asText()).endsWith("/metrics");
        assertThat(cdc.path("materializer").path("state").asText()).isEqualTo("RUNNING");
        assertThat(OpsApi.getJson(sandbox, "/api/history").path("series").toString())
                .contains("node.pending.compactions:127.0.0.1", "cdc.backlog.bytes:");
    }

    @Test
    void topicsAreCreatedDescribedAndDeletedThroughTheApi(Sandbox sandbox) throws Exception {
        String topic = "ops-api-topic";
        String create = "{\"name\": \"" + topic + "\", \"partitions\": 3, \"replicationFactor\": 1, "
                + "\"configs\": {\"retention.ms\": \"3600000\", \"cleanup.policy\": \"compact\"}}";
        HttpResponse<String> created = OpsApi.send(sandbox, "/api/topics", "POST", create, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode details = OpsApi.json(created);
        assertThat(details.path("partitions").size()).isEqualTo(3);
        assertThat(details.path("configs").path("retention.ms").asText()).isEqualTo("3600000");
        assertThat(details.path("configs").path("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(details.path("partitions").get(0).path("isr").size()).isEqualTo(1);

        HttpResponse<String> again = OpsApi.send(sandbox, "/api/topics", "POST", create, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(OpsApi.json(again).path("error").asText()).contains(topic);
        HttpResponse<String> badFactor = OpsApi.send(sandbox, "/api/topics", "POST",
                "{\"name\": \"ops-api-rf\", \"partitions\": 1, \"replicationFactor\": 3}", null);
        assertThat(badFactor.statusCode()).isEqualTo(400);
        assertThat(OpsApi.json(badFactor).path("error").asText()).containsIgnoringCase("replication");
        assertThat(OpsApi.send(sandbox, "/api/topics/" + topic, "DELETE", null, "http://evil.example")
                .statusCode()).as("a page of another site cannot delete").isEqualTo(403);

        send(sandbox, topic, 0, 5);
        assertThat(OpsApi.getJson(sandbox, "/api/topics/" + topic).path("messages").asLong()).isEqualTo(5);
        assertThat(OpsApi.getJson(sandbox, "/api/topics").findValuesAsText("name")).contains(topic);
        assertThat(OpsApi.send(sandbox, "/api/topics/" + topic, "DELETE", null, null).statusCode()).isEqualTo(200);
        await("deleted").atMost(Duration.ofSeconds(30)).until(() -> OpsApi.get(sandbox, "/api/topics/" + topic)
                .statusCode() == 404);
        assertThat(OpsApi.send(sandbox, "/api/topics/" + topic, "DELETE", null, null).statusCode()).isEqualTo(404);
    }

    /** Strict line checks of the Prometheus text format 0.0.4: HELP and TYPE lines, then samples of the type. */
    static final class PrometheusText {
        private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        private static final Pattern SAMPLE = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\""
                        + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)?\\})? "
                        + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");

        static void requireValid(String text) {
            String typed = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ", 4);
                    assertThat(NAME.matcher(parts[2]).matches()).as("metric name in: %s", line).isTrue();
                    if (line.startsWith("# TYPE ")) {
                        assertThat(parts[3]).as(line).isIn("counter", "gauge", "histogram", "summary", "untyped");
                        typed = parts[2];
                    }
                } else if (!line.isEmpty()) {
                    var sample = SAMPLE.matcher(line);
                    assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
                    assertThat(typed).as("sample after its TYPE: %s", line).isNotNull();
                    assertThat(sample.group(1)).as(line).startsWith(typed);
                }
            }
        }
    }

    private static void send(Sandbox sandbox, String topic, int from, int count) {
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            for (int id = from; id < from + count; id++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(id), "{\"id\":" + id + ",\"v\":\"v" + id
                        + "\"}"));
            }
            producer.flush();
        }
    }
}
