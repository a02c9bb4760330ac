package io.ckbridge.it.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DistCommand;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink examples of the README, posted as they are (only the CQL port differs in tests). */
@BridgeSandbox
class SinkExamplesIT {
    private static final Path EXAMPLES = Path.of(System.getProperty("bridge.examples", "../examples"));

    @BeforeAll
    static void schema(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "cql", "--dir", sandbox.layout().root().toString(),
                "-f", EXAMPLES.resolve("shop-schema.cql").toAbsolutePath().toString());
        assertThat(result.exitCode()).as(result.all()).isZero();
    }

    private static String post(Sandbox sandbox, String file) throws Exception {
        ObjectNode definition = (ObjectNode) new ObjectMapper().readTree(EXAMPLES.resolve(file).toFile());
        ((ObjectNode) definition.get("config")).put("cassandra.port",
                Integer.toString(sandbox.settings().cassandraPort()));
        ConnectClient connect = Connectors.client(sandbox);
        connect.create(definition);
        String name = definition.get("name").asText();
        int tasks = definition.get("config").path("tasks.max").asInt(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> connect.isRunning(name, tasks));
        return name;
    }

    private static Row awaitRow(Sandbox sandbox, String query) {
        try (CqlSession session = Clients.cql(sandbox)) {
            return await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(query).one(), row -> row != null);
        }
    }

    @Test
    void schemalessJsonByColumnNameWithADeadLetterQueue(Sandbox sandbox) throws Exception {
        String name = post(sandbox, "cassandra-sink.json");
        Clients.send(sandbox, "orders", "1", "{\"id\":1,\"customer\":\"ann\",\"total\":12.5,\"tags\":[\"new\"]}",
                "2", "{\"id\":\"two\",\"customer\":\"bad id\"}", "3", "{\"id\":3,\"customer\":\"cy\"}");

        assertThat(awaitRow(sandbox, "SELECT customer FROM shop.orders WHERE id = 3").getString(0)).isEqualTo("cy");
        // a second bad record after the others on the topic's one partition: once it is in the queue, so is
        // every bad record before it
        Clients.send(sandbox, "orders", "marker", "{\"id\":\"marker\",\"customer\":\"bad id\"}");
        assertThat(Clients.awaitRecords(sandbox, "orders-dead-letters", 2, Duration.ofSeconds(30)))
                .as("the bad record, once, and the marker").extracting(ConsumerRecord::key)
                .containsExactly("2", "marker");
        Connectors.delete(sandbox, name);
    }

    @Test
    void explicitMappingIntoTwoTablesFromJsonText(Sandbox sandbox) throws Exception {
        String name = post(sandbox, "cassandra-sink-mapping.json");
        Clients.send(sandbox, "payments", "p9",
                "{\"amount\":{\"total\":5},\"payer\":{\"name\":\"lee\"},\"written\":1700000000000,"
                + "\"keep_seconds\":600}");

        assertThat(awaitRow(sandbox, "SELECT payer FROM shop.payments WHERE id = 'p9'").getString(0)).isEqualTo("lee");
        assertThat(awaitRow(sandbox, "SELECT TTL(total) FROM shop.payments_by_payer WHERE payer = 'lee' AND id = 'p9'")
                .getInt(0))
                .isBetween(500, 600);
        Connectors.delete(sandbox, name);
    }

    @Test
    void exactlyOnceAppends(Sandbox sandbox) throws Exception {
        String name = post(sandbox, "cassandra-sink-exactly-once.json");
        Clients.send(sandbox, "ledger", "acc1", "{\"account\":\"acc1\",\"movements\":[\"+10\"],\"balance\":10}",
                "acc1", "{\"account\":\"acc1\",\"movements\":[\"-3\"],\"balance\":7}");

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Row row = session.execute("SELECT movements FROM shop.ledger WHERE account = 'acc1'").one();
                return row != null && row.getList(0, String.class).size() == 2;
            });
            assertThat(session.execute("SELECT movements, balance FROM shop.ledger WHERE account = 'acc1'").one()
                    .getList(0, String.class))
                    .containsExactly("+10", "-3");
            assertThat(session.execute(
                    "SELECT next_offset FROM shop.sink_offsets WHERE connector = 'ledger-sink' AND topic = 'ledger'")
                    .one().getLong(0)).isEqualTo(2);
        }
        Connectors.delete(sandbox, name);
    }
}
