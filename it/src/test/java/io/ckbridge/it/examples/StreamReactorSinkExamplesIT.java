package io.ckbridge.it.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stream Reactor's Cassandra sink configurations (docs.lenses.io), with only
 * {@code connector.class} swapped and the contact point this sandbox's: its documented base
 * config and KCQL examples (SELECT *, aliases, TTL), nested and key fields, IGNORE, several
 * statements in one KCQL, and its delete settings.
 */
@BridgeSandbox
class StreamReactorSinkExamplesIT {
    private static final String KS = "demo";

    @BeforeAll
    static void schema(Sandbox sandbox) {
        Clients.createKeyspace(sandbox, KS);
        Clients.execute(sandbox,
                "CREATE TABLE IF NOT EXISTS demo.orders (id int, product text, price decimal, qty int, "
                        + "PRIMARY KEY (id, product))",
                "CREATE TABLE IF NOT EXISTS demo.tableb (a text PRIMARY KEY, y int, c text)",
                "CREATE TABLE IF NOT EXISTS demo.payments (id text PRIMARY KEY, total double, name text)");
    }

    /** The documented base: contact points, port, keyspace; JSON values. */
    private static Map<String, String> streamReactor(Sandbox sandbox, String topics, String kcql) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("connect.cassandra.contact.points", "127.0.0.1");
        config.put("connect.cassandra.port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("connect.cassandra.key.space", KS);
        config.put("connect.cassandra.kcql", kcql);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    @Test
    void selectAllWithIgnoreAndDeletesByTheKeysPrimaryKey(Sandbox sandbox) {
        // the documented INSERT INTO orders SELECT * FROM orders, on a topic of its own (SinkExamplesIT's is orders)
        Map<String, String> config = streamReactor(sandbox, "orders-sr",
                "INSERT INTO orders SELECT * FROM orders-sr IGNORE internal_note");
        config.put("connect.cassandra.delete.enabled", "true");
        config.put("connect.cassandra.delete.statement", "DELETE FROM orders WHERE id = ? and product = ?");
        config.put("connect.cassandra.delete.struct_flds", "id,product");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        Connectors.deploy(sandbox, "sr-orders", config);

        Clients.send(sandbox, "orders-sr",
                "{\"id\":1,\"product\":\"pen\"}", "{\"id\":1,\"product\":\"pen\",\"price\":1.50,\"qty\":3,"
                        + "\"internal_note\":\"not a column\"}",
                "{\"id\":2,\"product\":\"ink\"}", "{\"id\":2,\"product\":\"ink\",\"price\":4.25,\"qty\":1}",
                "{\"id\":999,\"product\":\"DATAMOUNTAINEER\"}", "{\"id\":999,\"product\":\"DATAMOUNTAINEER\","
                        + "\"price\":9,\"qty\":9}");
        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> session.execute("SELECT id FROM demo.orders").all()
                    .size() == 3);
            // the documented delete: a null value with the key {"id": 999, "product": "DATAMOUNTAINEER"}
            Clients.send(sandbox, "orders-sr", "{\"id\":999,\"product\":\"DATAMOUNTAINEER\"}", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(
                    "SELECT id FROM demo.orders WHERE id = 999").one() == null);
            Row pen = session.execute("SELECT price, qty FROM demo.orders WHERE id = 1 AND product = 'pen'").one();
            assertThat(pen.getBigDecimal("price")).isEqualByComparingTo("1.50");
            assertThat(pen.getInt("qty")).isEqualTo(3);
        }
        Connectors.delete(sandbox, "sr-orders");
    }

    @Test
    void aliasesTtlNestedAndKeyFieldsInSeveralStatements(Sandbox sandbox) {
        Connectors.deploy(sandbox, "sr-many", streamReactor(sandbox, "topicB,payments",
                "INSERT INTO tableB SELECT x AS a, y, c FROM topicB TTL=100000; "
                        + "UPSERT INTO demo.payments SELECT _key AS id, amount.total AS total, payer.name "
                        + "FROM payments"));
        Clients.send(sandbox, "topicB", "b1", "{\"x\":\"row-1\",\"y\":7,\"c\":\"seven\",\"extra\":true}");
        Clients.send(sandbox, "payments", "p9", "{\"amount\":{\"total\":5.5},\"payer\":{\"name\":\"lee\"}}");

        try (CqlSession session = Clients.cql(sandbox)) {
            Row b = await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(
                    "SELECT y, c, TTL(c) FROM demo.tableb WHERE a = 'row-1'").one(), row -> row != null);
            assertThat(b.getInt("y")).isEqualTo(7);
            assertThat(b.getString("c")).isEqualTo("seven");
            assertThat(b.getInt(2)).as("TTL=100000").isBetween(99_000, 100_000);
            Row payment = await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(
                    "SELECT total, name FROM demo.payments WHERE id = 'p9'").one(), row -> row != null);
            assertThat(payment.getDouble("total")).isEqualTo(5.5);
            assertThat(payment.getString("name")).isEqualTo("lee");
        }
        Connectors.delete(sandbox, "sr-many");
    }
}
