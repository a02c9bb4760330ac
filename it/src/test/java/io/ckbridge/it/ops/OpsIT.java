package io.ckbridge.it.ops;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
                .until(() -> group(sandbox, group).map(g -> g.path("totalLag").asLong() == 0
                        && g.path("partitions").size() == 2).orElse(false));
        assertThat(group(sandbox, group).orElseThrow().path("kind").asText()).isEqualTo("connect-sink");

        assertThat(post(sandbox, "/api/connectors/" + connector + "/pause").statusCode()).isEqualTo(202);
        await("PAUSED through the API").atMost(Duration.ofSeconds(30))
                .until(() -> connectorState(sandbox, connector), "PAUSED"::equals);
        send(sandbox, topic, 200, 500);
        await("STOP or STALL with 500 records waiting").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> group(sandbox, group).orElseThrow(),
                        g -> g.path("totalLag").asLong() == 500 && List.of("STOP", "STALL")
                                .contains(g.path("status").asText()));
        JsonNode waiting = group(sandbox, group).orElseThrow();
        System.out.printf("[ops] paused sink: %s with %d records waiting, %s s behind%n",
                waiting.path("status").asText(), waiting.path("totalLag").asLong(), waiting.path("maxLagSeconds"));
        assertThat(waiting.path("maxLagSeconds").isNumber()).as("lag in seconds is known").isTrue();

        assertThat(post(sandbox, "/api/connectors/" + connector + "/resume").statusCode()).isEqualTo(202);
        await("resumed, caught up and OK").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> group(sandbox, group).orElseThrow(),
                        g -> g.path("totalLag").asLong() == 0 && g.path("status").asText().equals("OK"));
        assertThat(post(sandbox, "/api/connectors/" + connector + "/restart").statusCode()).isEqualTo(202);
        await("RUNNING after a restart").atMost(Duration.ofSeconds(60))
                .until(() -> connectorState(sandbox, connector), "RUNNING"::equals);
        assertThat(post(sandbox, "/api/connectors/" + connector + "/jump").statusCode()).isEqualTo(404);
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
                judged = group(sandbox, group);
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
            assertThat(JSON.readTree(get(sandbox, "/api/lag").body()).path("commitTimesFromLog").asBoolean())
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
                .until(() -> get(sandbox, "/metrics").body().contains("ops_lag_records{group=\"ops-it-metrics\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(sandbox, "/health").statusCode() == 200);
        assertThat(JSON.readTree(get(sandbox, "/health").body()).path("status").asText()).isIn("UP", "DEGRADED");
        HttpResponse<String> metrics = get(sandbox, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        PrometheusText.requireValid(metrics.body());
        assertThat(metrics.body()).contains("# TYPE ops_lag_records gauge", "ops_lag_group_status{",
                "ops_connectors{state=\"RUNNING\"}");
        HttpResponse<String> history = get(sandbox, "/api/history");
        assertThat(JSON.readTree(history.body()).path("series").toString()).contains("lag.records:");
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

    private static Optional<JsonNode> group(Sandbox sandbox, String group) throws Exception {
        HttpResponse<String> lag = get(sandbox, "/api/lag");
        if (lag.statusCode() != 200) {
            return Optional.empty();
        }
        return StreamSupport.stream(JSON.readTree(lag.body()).path("groups").spliterator(), false)
                .filter(g -> g.path("group").asText().equals(group)).findFirst();
    }

    private static String connectorState(Sandbox sandbox, String name) throws Exception {
        for (JsonNode connector : JSON.readTree(get(sandbox, "/api/connectors").body())) {
            if (connector.path("name").asText().equals(name)) {
                return connector.path("state").asText();
            }
        }
        return "absent";
    }

    private static HttpResponse<String> get(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.ops().address() + path.substring(1)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.ops().address() + path.substring(1)))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
