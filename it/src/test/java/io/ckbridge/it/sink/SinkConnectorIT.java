package io.ckbridge.it.sink;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class SinkConnectorIT {
    private static final String KS = "sink_it";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Sandbox sandbox;
    private final List<String> deployed = new java.util.ArrayList<>();

    SinkConnectorIT(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @BeforeAll
    static void keyspace(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
    }

    @AfterEach
    void removeConnectors() {
        deployed.forEach(name -> Connectors.delete(sandbox, name));
    }

    private void deploy(String name, Map<String, String> config) {
        deployed.add(name);
        Connectors.deploy(sandbox, name, config);
    }

    private static void cql(Sandbox sandbox, String... statements) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (String statement : statements) {
                session.execute(statement);
            }
        }
    }

    private Row awaitRow(String query) {
        try (CqlSession session = Clients.cql(sandbox)) {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> session.execute(query).one(), row -> row != null);
        }
    }

    /**
     * Like awaitRow, for a table the connector creates itself on its first record: until then the query finds no table.
     */
    private Row awaitRowInCreatedTable(String query) {
        try (CqlSession session = Clients.cql(sandbox)) {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(SinkConnectorIT::tableNotYetEverywhere)
                    .until(() -> session.execute(query).one(), row -> row != null);
        }
    }

    /**
     * The coordinator has not seen the table yet ("does not exist"), or it has and a replica not yet: the replica
     * answers with a server error naming the unknown table id until the schema reaches it.
     */
    private static boolean tableNotYetEverywhere(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof InvalidQueryException && message.contains("does not exist")
                || e instanceof ServerError && message.contains("Unknown CF");
    }

    private long count(String table) {
        try (CqlSession session = Clients.cql(sandbox)) {
            return session.execute("SELECT COUNT(*) FROM " + table).one().getLong(0);
        }
    }

    @Test
    void schemalessJsonLandsInTheTableNamedAfterTheTopicByColumnName() {
        cql(sandbox, "CREATE TABLE " + KS
                + ".shop_orders (id bigint PRIMARY KEY, customer text, total decimal, tags set<text>, placed "
                        + "timestamp)");
        deploy("sink-shop-orders", Connectors.sinkConfig(sandbox, KS, "shop_orders"));

        Clients.send(sandbox, "shop_orders",
                "1", "{\"id\":1,\"customer\":\"ann\",\"total\":12.5,\"tags\":[\"a\",\"b\"],"
                + "\"placed\":\"2024-01-02T03:04:05Z\"}",
                "2", "{\"id\":2,\"customer\":\"bob\",\"total\":\"7.10\",\"placed\":1700000000000}");

        Row ann = awaitRow("SELECT * FROM " + KS + ".shop_orders WHERE id = 1");
        assertThat(ann.getString("customer")).isEqualTo("ann");
        assertThat(ann.getBigDecimal("total")).isEqualByComparingTo("12.5");
        assertThat(ann.getSet("tags", String.class)).containsExactlyInAnyOrder("a", "b");
        assertThat(ann.getInstant("placed")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        Row bob = awaitRow("SELECT * FROM " + KS + ".shop_orders WHERE id = 2");
        assertThat(bob.getBigDecimal("total")).isEqualByComparingTo("7.10");
        assertThat(bob.getInstant("placed")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void structsWithSchemasCoverEveryCqlTypeAUserMeets() throws Exception {
        cql(sandbox, "CREATE TYPE IF NOT EXISTS " + KS + ".address (street text, zip int)",
                "CREATE TABLE " + KS
                + ".everything (id uuid, seq int, label text STATIC, small smallint, tiny tinyint, big bigint, "
                        + "huge varint, price decimal, ratio float, score double, ok boolean, tid timeuuid, at "
                                + "timestamp, day date, "
                        + "clock time, raw blob, ip inet, names list<text>, uniq set<int>, attrs map<text, double>, "
                                + "pair tuple<int, text>, "
                        + "home frozen<address>, nested frozen<list<frozen<set<int>>>>, PRIMARY KEY ((id), seq))");
        Schema address = SchemaBuilder.struct().name("address").field("street", Schema.STRING_SCHEMA)
                .field("zip", Schema.INT32_SCHEMA).build();
        Schema valueSchema = SchemaBuilder.struct()
                .field("id", Schema.STRING_SCHEMA).field("seq", Schema.INT32_SCHEMA)
                .field("label", Schema.STRING_SCHEMA)
                .field("small", Schema.INT16_SCHEMA).field("tiny", Schema.INT8_SCHEMA).field("big", Schema.INT64_SCHEMA)
                .field("huge", Schema.STRING_SCHEMA).field("price", Decimal.schema(2))
                .field("ratio", Schema.FLOAT32_SCHEMA)
                .field("score", Schema.FLOAT64_SCHEMA).field("ok", Schema.BOOLEAN_SCHEMA)
                .field("tid", Schema.STRING_SCHEMA)
                .field("at", Timestamp.SCHEMA).field("day", org.apache.kafka.connect.data.Date.SCHEMA)
                .field("clock", Time.SCHEMA)
                .field("raw", Schema.BYTES_SCHEMA).field("ip", Schema.STRING_SCHEMA)
                .field("names", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("uniq", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build())
                .field("pair", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("home", address)
                .field("nested", SchemaBuilder.array(SchemaBuilder.array(Schema.INT32_SCHEMA).build()).build())
                .build();
        UUID id = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
        UUID tid = UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f");
        Instant at = Instant.parse("2018-01-22T20:28:50.869Z");
        Struct value = new Struct(valueSchema).put("id", id.toString()).put("seq", 1).put("label", "static!")
                .put("small", (short) 300).put("tiny", (byte) 7).put("big", 9_000_000_000L)
                .put("huge", "123456789012345678901234567890")
                .put("price", new BigDecimal("19.99")).put("ratio", 0.5f).put("score", 2.25).put("ok", true)
                .put("tid", tid.toString())
                .put("at", Date.from(at)).put("day", new Date(17_553L * 86_400_000L)).put("clock", new Date(3_723_000L))
                .put("raw", new byte[] {1, 2, 3}).put("ip", "192.168.1.20")
                .put("names", List.of("x", "y")).put("uniq", List.of(3, 1, 3)).put("attrs", Map.of("w", 1.5))
                .put("pair", List.of("42", "answer")).put("home", new Struct(address).put("street", "Main")
                .put("zip", 1234))
                .put("nested", List.of(List.of(1, 2), List.of(3)));
        String topic = "everything";
        Clients.createTopic(sandbox, topic, 1);
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        byte[] bytes = converter.fromConnectData(topic, valueSchema, value);
        try (KafkaProducer<byte[], byte[]> producer = Clients.bytesProducer(sandbox)) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(), bytes)).get();
        }
        deploy("sink-everything", with(Connectors.sinkConfig(sandbox, KS, topic), "value.converter.schemas.enable",
                "true"));

        Row row = awaitRow("SELECT * FROM " + KS + ".everything WHERE id = " + id + " AND seq = 1");
        assertThat(row.getString("label")).isEqualTo("static!");
        assertThat(row.getShort("small")).isEqualTo((short) 300);
        assertThat(row.getByte("tiny")).isEqualTo((byte) 7);
        assertThat(row.getLong("big")).isEqualTo(9_000_000_000L);
        assertThat(row.getBigInteger("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(row.getBigDecimal("price")).isEqualTo(new BigDecimal("19.99"));
        assertThat(row.getFloat("ratio")).isEqualTo(0.5f);
        assertThat(row.getDouble("score")).isEqualTo(2.25);
        assertThat(row.getBoolean("ok")).isTrue();
        assertThat(row.getUuid("tid")).isEqualTo(tid);
        assertThat(row.getInstant("at")).isEqualTo(at);
        assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.of(2018, 1, 22));
        assertThat(row.getLocalTime("clock")).isEqualTo(LocalTime.of(1, 2, 3));
        assertThat(row.getByteBuffer("raw")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(row.getInetAddress("ip")).isEqualTo(InetAddress.getByName("192.168.1.20"));
        assertThat(row.getList("names", String.class)).containsExactly("x", "y");
        assertThat(row.getSet("uniq", Integer.class)).containsExactlyInAnyOrder(1, 3);
        assertThat(row.getMap("attrs", String.class, Double.class)).containsEntry("w", 1.5);
        TupleValue pair = row.getTupleValue("pair");
        assertThat(pair.getInt(0)).isEqualTo(42);
        assertThat(pair.getString(1)).isEqualTo("answer");
        UdtValue home = row.getUdtValue("home");
        assertThat(home.getString("street")).isEqualTo("Main");
        assertThat(home.getInt("zip")).isEqualTo(1234);
        assertThat(row.getObject("nested")).isEqualTo(List.of(Set.of(1, 2), Set.of(3)));
    }

    @Test
    void oneTopicFeedsTwoTablesFromJsonTextWithNestedFieldsTtlAndWriteTime() {
        cql(sandbox, "CREATE TABLE " + KS + ".payments (id text PRIMARY KEY, total decimal, payer text)",
                "CREATE TABLE " + KS
                + ".payments_by_payer (payer text, id text, total decimal, PRIMARY KEY ((payer), id))");
        String topic = "payments.v1";
        Map<String, String> config = with(Connectors.sinkConfig(sandbox, KS, topic),
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "topic." + topic + "." + KS + ".payments.mapping",
                "id=key, total=value.amount.total, payer=value.payer.name, __timestamp=value.written",
                "topic." + topic + "." + KS + ".payments_by_payer.mapping",
                "payer=value.payer.name, id=key, total=value.amount.total, __ttl=value.keep",
                "topic." + topic + "." + KS + ".payments.timestampTimeUnit", "MILLISECONDS");
        deploy("sink-payments", config);

        Clients.send(sandbox, topic, "p-1",
                "{\"amount\":{\"total\":\"10.25\"},\"payer\":{\"name\":\"zoe\"},\"written\":1600000000000,"
                + "\"keep\":3600}");

        Row payment = awaitRow("SELECT total, payer, WRITETIME(payer) AS written FROM " + KS
                + ".payments WHERE id = 'p-1'");
        assertThat(payment.getBigDecimal("total")).isEqualByComparingTo("10.25");
        assertThat(payment.getString("payer")).isEqualTo("zoe");
        assertThat(payment.getLong("written")).isEqualTo(1_600_000_000_000_000L);
        Row byPayer = awaitRow("SELECT total, TTL(total) AS ttl FROM " + KS
                + ".payments_by_payer WHERE payer = 'zoe' AND id = 'p-1'");
        assertThat(byPayer.getInt("ttl")).isBetween(3500, 3600);
    }

    @Test
    void aRowWrittenWithTtlIsGoneAfterItExpires() {
        cql(sandbox, "CREATE TABLE " + KS + ".sessions (id text PRIMARY KEY, user text)");
        deploy("sink-sessions", with(Connectors.sinkConfig(sandbox, KS, "sessions"), "cassandra.ttl", "2"));

        Clients.send(sandbox, "sessions", "s1", "{\"id\":\"s1\",\"user\":\"u\"}");

        awaitRow("SELECT * FROM " + KS + ".sessions WHERE id = 's1'");
        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> session.execute("SELECT * FROM " + KS + ".sessions WHERE id = 's1'").one() == null);
        }
    }

    @Test
    void aTombstoneDeletesTheRowOfItsKey() {
        cql(sandbox, "CREATE TABLE " + KS + ".users (id text PRIMARY KEY, name text)");
        deploy("sink-users", Connectors.sinkConfig(sandbox, KS, "users"));
        Clients.send(sandbox, "users", "u1", "{\"id\":\"u1\",\"name\":\"one\"}", "u2",
                "{\"id\":\"u2\",\"name\":\"two\"}");
        awaitRow("SELECT * FROM " + KS + ".users WHERE id = 'u2'");

        Clients.send(sandbox, "users", "u1", null);

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(WAIT).until(() -> session.execute("SELECT * FROM " + KS + ".users WHERE id = 'u1'")
                    .one() == null);
            assertThat(session.execute("SELECT name FROM " + KS + ".users WHERE id = 'u2'").one().getString(0))
                    .isEqualTo("two");
        }
    }

    @Test
    void countersAreIncrementedAndListsAppendedInUpdateMode() {
        cql(sandbox, "CREATE TABLE " + KS + ".page_hits (page text PRIMARY KEY, views counter)",
                "CREATE TABLE " + KS + ".page_log (page text PRIMARY KEY, visitors list<text>, last text)");
        deploy("sink-hits", with(Connectors.sinkConfig(sandbox, KS, "hits"), "cassandra.write.mode", "Update",
                "topic.hits." + KS + ".page_hits.mapping", "page=key, views=value.n",
                "topic.hits." + KS + ".page_log.mapping", "page=key, visitors=value.who, last=value.who_text",
                "cassandra.update.collections", "APPEND"));

        Clients.send(sandbox, "hits", "/a", "{\"n\":1,\"who\":[\"x\"],\"who_text\":\"x\"}", "/a",
                "{\"n\":2,\"who\":[\"y\"],\"who_text\":\"y\"}", "/b", "{\"n\":5,\"who\":[\"z\"],\"who_text\":\"z\"}");

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(WAIT).until(() -> {
                Row a = session.execute("SELECT views FROM " + KS + ".page_hits WHERE page = '/a'").one();
                return a != null && a.getLong(0) == 3;
            });
            assertThat(session.execute("SELECT views FROM " + KS + ".page_hits WHERE page = '/b'").one().getLong(0))
                    .isEqualTo(5);
            await().atMost(WAIT).until(() -> {
                Row a = session.execute("SELECT visitors, last FROM " + KS + ".page_log WHERE page = '/a'").one();
                return a != null && a.getList(0, String.class).size() == 2;
            });
            Row a = session.execute("SELECT visitors, last FROM " + KS + ".page_log WHERE page = '/a'").one();
            assertThat(a.getList(0, String.class)).as("appended in record order").containsExactly("x", "y");
            assertThat(a.getString(1)).as("the later record wins").isEqualTo("y");
        }
    }

    @Test
    void aManagedTableIsCreatedFromTheRecordAndGrowsColumnsForNewFields() {
        String keyspace = "sink_managed";
        Map<String, String> config = with(Connectors.sinkConfig(sandbox, keyspace, "devices"),
                "cassandra.table.manage.enabled", "true", "cassandra.keyspace.create.enabled", "true",
                "cassandra.keyspace.replication.factor", "1",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter", "key.converter.schemas.enable",
                "false");
        deploy("sink-devices", config);

        Clients.send(sandbox, "devices", "{\"serial\":\"d1\"}", "{\"serial\":\"d1\",\"model\":\"m1\",\"watts\":40}");
        Row first = awaitRowInCreatedTable("SELECT * FROM " + keyspace + ".devices WHERE serial = 'd1'");
        assertThat(first.getString("model")).isEqualTo("m1");
        assertThat(first.getLong("watts")).isEqualTo(40L);

        Clients.send(sandbox, "devices", "{\"serial\":\"d2\"}",
                "{\"serial\":\"d2\",\"model\":\"m2\",\"firmware\":\"1.2\"}");
        Row second = awaitRow("SELECT * FROM " + keyspace + ".devices WHERE serial = 'd2'");
        assertThat(second.getString("firmware")).isEqualTo("1.2");
    }

    @Test
    void tasksShareThePartitionsOfTheTopics() throws Exception {
        cql(sandbox, "CREATE TABLE " + KS + ".spread (id text PRIMARY KEY, v int)");
        Clients.createTopic(sandbox, "spread", 6);
        deploy("sink-spread", with(Connectors.sinkConfig(sandbox, KS, "spread"), "tasks.max", "3"));
        String[] records = new String[600];
        for (int i = 0; i < 300; i++) {
            records[2 * i] = "k" + i;
            records[2 * i + 1] = "{\"id\":\"k" + i + "\",\"v\":" + i + "}";
        }

        Clients.send(sandbox, "spread", records);

        await().atMost(WAIT).until(() -> count(KS + ".spread") == 300);
        try (Admin admin = Clients.admin(sandbox)) {
            // the group settles after the tasks join one by one
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("connect-sink-spread")).all()
                        .get().get("connect-sink-spread");
                assertThat(group.members()).hasSize(3);
                assertThat(group.members()).allSatisfy(member -> assertThat(member.assignment().topicPartitions())
                        .hasSize(2));
            });
        }
        assertThat(Connectors.client(sandbox).status("sink-spread").path("tasks")).hasSize(3);
    }

    @Test
    void writesThatKeepFailingFailTheTaskAfterTheRetryTimeWithTheReason() {
        // RF 2 on one node: every write at ALL is unavailable, a transient error that never clears
        cql(sandbox,
                "CREATE KEYSPACE IF NOT EXISTS sink_unavailable WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 2}",
                "CREATE TABLE sink_unavailable.unavailable (id text PRIMARY KEY, v text)");
        deploy("sink-unavailable", with(Connectors.sinkConfig(sandbox, "sink_unavailable", "unavailable"),
                "cassandra.consistency.level", "ALL", "cassandra.write.retry.timeout.ms", "3000",
                "cassandra.write.retry.backoff.ms", "200"));

        Clients.send(sandbox, "unavailable", "a", "{\"id\":\"a\",\"v\":\"x\"}");

        JsonNode task = Connectors.awaitTaskFailed(sandbox, "sink-unavailable", Duration.ofSeconds(60));
        assertThat(task.path("trace").asText())
                .contains("Connector sink-unavailable")
                .contains("sink_unavailable.unavailable")
                .contains("kept failing for the whole retry time")
                .contains("Not enough replicas available");
    }

    @Test
    void validationReportsEachProblemOnItsKey() {
        cql(sandbox, "CREATE TABLE " + KS + ".validated (id int PRIMARY KEY, name text)");
        ConnectClient connect = Connectors.client(sandbox);
        Map<String, String> config = new HashMap<>(Connectors.sinkConfig(sandbox, KS, "validated,missing_table"));
        config.put("name", "validate-me");
        config.put("topic.validated." + KS + ".validated.mapping", "id=key, nom=value.name");

        JsonNode result = connect.validate("io.ckbridge.sink.CassandraSinkConnector", config);

        Map<String, String> errors = new HashMap<>();
        result.path("configs").forEach(entry -> {
            JsonNode messages = entry.path("value").path("errors");
            if (!messages.isEmpty()) {
                errors.put(entry.path("value").path("name").asText(), messages.get(0).asText());
            }
        });
        assertThat(errors).containsOnlyKeys("topic.validated." + KS + ".validated.mapping", "topics");
        assertThat(errors.get("topic.validated." + KS + ".validated.mapping")).contains("names column nom");
        assertThat(errors.get("topics")).contains("table " + KS + ".missing_table").contains("does not exist");

        config.put("cassandra.consistency.level", "MOSTLY");
        config.put("cassandra.keyspace", "no_such_keyspace");
        JsonNode bad = connect.validate("io.ckbridge.sink.CassandraSinkConnector", config);
        assertThat(bad.path("error_count").asInt()).isPositive();
        assertThat(bad.toString()).contains("cassandra.consistency.level").contains("MOSTLY");
    }
}
