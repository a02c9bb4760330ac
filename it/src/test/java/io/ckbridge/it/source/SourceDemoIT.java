package io.ckbridge.it.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DemoTraces;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.TestDirs;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's source walk-through, step by step, with the commands a user types: the example
 * posted with curl, rows inserted with CQL, the topic read with Kafka's console consumer.
 */
@BridgeSandbox
class SourceDemoIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("bridge.examples", "../examples"));
    private static final String INSERT =
            "INSERT INTO pack_events (event_id, event_ts, event_data) VALUES ('%s', '2018-01-22T20:28:50.869Z', "
            + "'{\"foo\":\"bar\"}')";

    @Test
    void insertedRowsArriveOnTheTopicSchemaWrappedOrUnwrappedPerConnectorAndPerWorker(
            Sandbox sandbox) throws Exception {
        String dir = sandbox.layout().root().toString();
        ConnectClient connect = Connectors.client(sandbox);
        DemoTraces.clear(sandbox);
        try {
            // 1. keyspace blog, table pack_events
            DistCommand.Result schema = DistCommand.run(null, "bridge", "cql", "--dir", dir, "-f",
                    EXAMPLES.resolve("blog-schema.cql").toAbsolutePath().toString());
            assertThat(schema.exitCode()).as(schema.all()).isZero();

            // 2-3. the example, posted as it is (its CQL port set to the test sandbox's)
            Path posted = portAdjusted(sandbox, "connect-cassandra-source.json");
            String created = curl("-X", "POST", "-H", "Content-Type: application/json", "-d", "@" + posted,
                    sandbox.settings().connectUrl() + "/connectors");
            assertThat(created).contains("\"name\":\"packs\"");

            // 4. the worker lists it
            assertThat(curl(sandbox.settings().connectUrl() + "/connectors")).isEqualTo("[\"packs\"]");
            await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning("packs", 1));

            // 5. a row
            cql(dir, String.format(INSERT, "500"));

            // 6. the worker's JsonConverter wraps the unwrapped string value in its schema
            assertThat(consume(sandbox,
                    1)).containsExactly(
                            "{\"schema\":{\"type\":\"string\",\"optional\":false},"
                            + "\"payload\":\"{\\\"foo\\\":\\\"bar\\\"}\"}");

            // per connector: a StringConverter for the value, no worker restart
            Map<String, String> config = new ObjectMapper().convertValue(new ObjectMapper().readTree(posted.toFile())
                    .get("config"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            connect.put("packs", config);
            await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning("packs", 1));
            cql(dir, String.format(INSERT, "501"));
            assertThat(consume(sandbox, 2).get(1)).isEqualTo("{\"foo\":\"bar\"}");

            // worker-wide: connect-distributed.properties sets the StringConverter; the connector no longer does
            config.remove("value.converter");
            connect.put("packs", config);
            restartWorker(sandbox, Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter"));
            assertThat(Files.readString(sandbox.connect().configFile()))
                    .contains("value.converter=org.apache.kafka.connect.storage.StringConverter");
            await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning("packs", 1));
            cql(dir, String.format(INSERT, "502"));
            assertThat(consume(sandbox, 3).get(2)).isEqualTo("{\"foo\":\"bar\"}");
        } finally {
            restartWorker(sandbox, Map.of());
            DemoTraces.clear(sandbox);
        }
    }

    /** Restarts the worker with these extra settings (none: as the shared sandbox runs it). */
    private static void restartWorker(Sandbox sandbox, Map<String, String> properties) {
        Sandbox changed = Sandbox.create(sandbox.layout().root(), sandbox.settings().withConnectProperties(properties));
        changed.connect().stop();
        changed.start(line -> { });
    }

    private static Path portAdjusted(Sandbox sandbox, String example) throws IOException {
        ObjectNode definition = (ObjectNode) new ObjectMapper().readTree(EXAMPLES.resolve(example).toFile());
        ((ObjectNode) definition.get("config")).put("connect.cassandra.port", sandbox.settings().cassandraPort());
        Path file = TestDirs.fresh("source-demo").resolve(example);
        Files.writeString(file, definition.toString());
        return file;
    }

    private static void cql(String dir, String statement) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "cql", "--dir", dir, "-k", "blog", statement);
        assertThat(result.exitCode()).as(result.all()).isZero();
    }

    /** The first {@code count} values of test_topic, read with Kafka's own console consumer. */
    private static List<String> consume(Sandbox sandbox, int count) {
        String bootstrap = "localhost:" + sandbox.settings().kafkaPort();
        List<String> lines = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            DistCommand.Result result = DistCommand.run(null, Duration.ofSeconds(40), "kafka-console-consumer.sh",
                    "--bootstrap-server", bootstrap, "--topic", "test_topic", "--from-beginning", "--max-messages",
                    Integer.toString(count), "--timeout-ms", "15000");
            lines.clear();
            lines.addAll(result.out().lines().toList());
            return lines.size() == count;
        });
        return lines;
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

}
