package io.ckbridge.cli.demo;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.cli.CliException;
import io.ckbridge.cli.cql.CqlScript;
import io.ckbridge.cli.cql.CqlTablePrinter;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.ServerStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on the sandbox: events go into Kafka, the sink connector writes them to "
                        + "Cassandra,",
                "and the source connector reads them back out onto a topic; then a row of a CDC table changes and",
                "its raw changes and full-row change event are shown. Starts the sandbox if needed; safe to run "
                        + "again."})
public final class DemoCommand implements Callable<Integer> {
    private static final String IN_TOPIC = "pack-events-in";
    private static final String OUT_TOPIC = "test_topic";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Mixin
    SandboxDir sandboxDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path examples = BridgeHome.locate().root().resolve("examples");
        String run = Long.toString(Instant.now().getEpochSecond(), 36);

        step(1, "The sandbox: real Cassandra, Kafka and Kafka Connect");
        SandboxSettings settings = Sandbox.savedSettings(sandboxDir.dir).orElse(SandboxSettings.defaults());
        Sandbox sandbox = Sandbox.create(sandboxDir.dir, settings);
        sandbox.start(this::say);

        try (CqlSession session = session(sandbox)) {
            step(2, "Schema: keyspace blog, tables pack_events and pack_stock (examples/blog-schema.cql)");
            List<String> schema = CqlScript.statements(Files.readString(examples.resolve("blog-schema.cql")));
            for (String statement : schema) {
                session.execute(statement);
            }
            schema.stream().skip(1).forEach(statement -> say("  " + statement));

            step(3, "Connectors on Kafka Connect (" + settings.connectUrl() + ")");
            ConnectClient connect = new ConnectClient(settings.connectUrl());
            deploy(connect, examples.resolve("connect-cassandra-sink-demo.json"), sandbox.access(), "  sink   %s: "
                    + "topic " + IN_TOPIC + " -> blog.pack_events");
            deploy(connect, examples.resolve("connect-cassandra-source.json"), sandbox.access(),
                    "  source %s: blog.pack_events -> topic " + OUT_TOPIC + " (incremental on event_ts)");

            step(4, "Three events into Kafka topic " + IN_TOPIC);
            List<String> ids = produceEvents(sandbox.access(), run);

            step(5, "The sink wrote them to Cassandra");
            awaitRows(session, ids);
            CqlTablePrinter.print(session.execute(SimpleStatement.newInstance(
                    "SELECT event_id, event_ts, event_data FROM blog.pack_events WHERE event_id IN ?", ids)), out);

            step(6, "The source read them back out onto topic " + OUT_TOPIC + " (worker's JsonConverter, schemas on)");
            for (String value : awaitOutput(sandbox.access(), run, ids.size())) {
                say("  " + value);
            }

            step(7, "CDC: a row of " + CdcDemo.TABLE + " (WITH cdc = true) inserted, then updated");
            new CdcDemo(session, new DemoTopics(sandbox.access(), WAIT), out).run(run);
        }
        summary(sandbox, settings);
        return 0;
    }

    private void deploy(ConnectClient connect, Path file, SandboxAccess access, String line) throws IOException {
        ObjectNode definition = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        String name = definition.get("name").asText();
        Map<String, String> values = new HashMap<>(new ObjectMapper().convertValue(definition.get("config"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }));
        // the examples use the default CQL port and no login; the sandbox may use another port, and TLS
        values.putAll(access.connectorSettings());
        connect.put(name, values);
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (!connect.isRunning(name, 1)) {
            if (System.currentTimeMillis() > deadline) {
                throw new CliException("Connector " + name + " is not running after " + WAIT.toSeconds() + " s: "
                        + connect.status(name));
            }
            sleep(200);
        }
        say(String.format(line, name));
    }

    private List<String> produceEvents(SandboxAccess access, String run) {
        List<String> ids = new ArrayList<>();
        Map<String, Object> config = access.kafkaClient(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            String[] packs = {"starter", "explorer", "pro"};
            for (int i = 0; i < packs.length; i++) {
                String id = "demo-" + run + "-" + (i + 1);
                String data = "{\"pack\":\"" + packs[i] + "\",\"run\":\"" + run + "\",\"seats\":" + (i + 1) * 5 + "}";
                String value = "{\"event_id\":\"" + id + "\",\"event_ts\":\"" + Instant.now() + "\",\"event_data\":"
                        + new ObjectMapper().valueToTree(data) + "}";
                producer.send(new ProducerRecord<>(IN_TOPIC, id, value));
                say("  " + id + "  " + data);
                ids.add(id);
            }
            producer.flush();
        }
        return ids;
    }

    private void awaitRows(CqlSession session, List<String> ids) {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (session.execute(SimpleStatement.newInstance("SELECT event_id FROM blog.pack_events WHERE event_id IN ?",
                ids)).all().size() < ids.size()) {
            if (System.currentTimeMillis() > deadline) {
                throw new CliException("The sink did not write the events within " + WAIT.toSeconds()
                        + " s; see 'curl "
                        + "localhost:8083/connectors/pack-events-sink/status' and './bridge sandbox logs connect'.");
            }
            sleep(250);
        }
    }

    private List<String> awaitOutput(SandboxAccess access, String run, int expected) {
        say("  (the source reads rows older than its delay, about 3 s, at each poll)");
        return new DemoTopics(access, WAIT).await(OUT_TOPIC, expected, record -> record.value().contains(run),
                "The source did not bring the events back within " + WAIT.toSeconds() + " s; see 'curl "
                        + "localhost:8083/connectors/packs/status' and './bridge sandbox logs connect'.");
    }

    private void summary(Sandbox sandbox, SandboxSettings settings) {
        out.println();
        out.println("Done: Kafka -> Cassandra -> Kafka, and Cassandra's commit log -> change events, on real "
                + "servers.");
        for (ServerStatus status : sandbox.status()) {
            out.printf("  %-16s %-5s %s%n", status.name(), status.up() ? "up" : "down", status.address());
        }
        out.println();
        out.println("Explore:");
        out.println("  ./bridge cql -k blog \"SELECT * FROM pack_events\"");
        out.println("  ./bridge consume --topic " + OUT_TOPIC + " --from-beginning --timeout-ms 5000");
        out.println("  ./bridge consume --topic " + CdcDemo.CHANGE_TOPIC + " --from-beginning --timeout-ms 5000");
        out.println("  curl " + settings.connectUrl() + "/connectors/packs/status");
        out.println("  dist/target/bridge/bin/kafka-console-consumer.sh --bootstrap-server localhost:"
                + settings.kafkaPort() + " --topic " + OUT_TOPIC + " --from-beginning"
                + sandbox.access().kafkaClientConfigFile().map(file -> " --command-config " + file).orElse(""));
        out.println("  ./bridge sandbox logs connect         ./bridge sandbox stop");
        out.println();
        out.println("Dashboard: " + sandbox.ops().address() + "  (connectors, lag, nodes, CDC, findings, topics)");
        out.flush();
    }

    private static CqlSession session(Sandbox sandbox) {
        return SessionFactory.open(sandbox.access().cassandra(), "bridge-demo", SessionTuning.NONE);
    }

    private void step(int number, String title) {
        out.println();
        out.println(number + ". " + title);
        out.flush();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
