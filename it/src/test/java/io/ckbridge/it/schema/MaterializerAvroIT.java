package io.ckbridge.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.SchemaRegistryProcess;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's materializer with output.format=avro: change events in Confluent's framing with the
 * table's schemas registered, a new version when a column is added, and a schema the registry
 * refuses holding its table's changes (others flow) until the subject is fixed.
 */
@BridgeSandbox(schemaRegistry = true)
class MaterializerAvroIT {
    private static final String KS = "registry_avro";

    private final Sandbox sandbox;
    private final ConfluentAvro avro;

    MaterializerAvroIT(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.avro = new ConfluentAvro(sandbox.schemaRegistry().orElseThrow().confluentApiUrl());
    }

    @BeforeAll
    static void avroMaterializer(Sandbox sandbox) {
        Clients.createKeyspace(sandbox, KS);
        // retried every 2 s at most once a schema is refused, not 30 s
        restartMaterializer(sandbox, Map.of("output.format", "avro", "unknown.table.retry.backoff.max.ms", "2000"));
    }

    @AfterAll
    static void jsonMaterializer(Sandbox sandbox) {
        restartMaterializer(sandbox, Map.of());
    }

    private static void restartMaterializer(Sandbox sandbox, Map<String, String> properties) {
        SandboxSettings settings = sandbox.settings().withMaterializerProperties(properties);
        Sandbox restarted = Sandbox.create(sandbox.layout().root(), settings);
        restarted.materializer().stop();
        restarted.start(line -> System.out.println("[sandbox] " + line));
    }

    @Test
    void changeEventsAreConfluentFramedAvroWithLogicalTypesAndAnAddedColumnIsANewVersion() throws Exception {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".accounts (id int PRIMARY KEY, name text, balance decimal,"
                + " opened timestamp, ref uuid) WITH cdc = true");
        Instant opened = Instant.parse("2026-12-03T09:30:00.125Z");
        UUID ref = UUID.randomUUID();
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(session.prepare("INSERT INTO " + KS + ".accounts (id, name, balance, opened, ref)"
                    + " VALUES (1, 'ann', 12.50, ?, ?)").bind(opened, ref));
        }
        String topic = "cdc." + KS + ".accounts";
        List<ConsumerRecord<byte[], byte[]>> events = awaitEvents(topic, 1);

        GenericRecord created = avro.read(events.get(0).value());
        assertThat(created.get("op").toString()).isEqualTo("c");
        GenericRecord after = (GenericRecord) created.get("after");
        assertThat(after.get("name").toString()).isEqualTo("ann");
        assertThat(after.get("opened")).isEqualTo(opened.toEpochMilli());
        assertThat(after.get("ref").toString()).isEqualTo(ref.toString());
        assertThat(decimal(after, "balance")).isEqualByComparingTo("12.50");
        Schema row = after.getSchema();
        assertThat(ConfluentAvro.nonNull(row.getField("opened").schema()).getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
        assertThat(ConfluentAvro.nonNull(row.getField("ref").schema()).getLogicalType())
                .isEqualTo(LogicalTypes.uuid());
        assertThat(avro.read(events.get(0).key()).get("id")).isEqualTo(1);
        assertThat(avro.get("/subjects/" + topic + "-value/versions")).hasSize(1);
        assertThat(avro.get("/config/" + topic + "-value").path("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        Clients.execute(sandbox, "ALTER TABLE " + KS + ".accounts ADD note text",
                "UPDATE " + KS + ".accounts SET note = 'hi' WHERE id = 1");
        events = awaitEvents(topic, 2);

        GenericRecord updated = avro.read(events.get(1).value());
        assertThat(updated.get("op").toString()).isEqualTo("u");
        assertThat(((GenericRecord) updated.get("after")).get("note").toString()).isEqualTo("hi");
        assertThat(((GenericRecord) updated.get("before")).get("note")).isNull();
        assertThat(avro.get("/subjects/" + topic + "-value/versions")).hasSize(2);
        int latestId = avro.get("/subjects/" + topic + "-value/versions/2").path("id").asInt();
        assertThat(ConfluentAvro.schemaId(events.get(1).value())).isEqualTo(latestId)
                .isNotEqualTo(ConfluentAvro.schemaId(events.get(0).value()));

        // ops lists the subject with its versions and level
        JsonNode listing = opsSchemas();
        assertThat(listing.path("defaultCompatibility").asText()).isEqualTo("BACKWARD");
        JsonNode subject = StreamSupport.stream(listing.path("subjects").spliterator(), false)
                .filter(node -> node.path("subject").asText().equals(topic + "-value")).findFirst().orElseThrow();
        assertThat(subject.path("topic").asText()).isEqualTo(topic);
        assertThat(subject.path("topicExists").asBoolean()).isTrue();
        assertThat(subject.path("versions")).hasSize(2);
        assertThat(subject.path("latestId").asInt()).isEqualTo(latestId);
        assertThat(subject.path("compatibility").asText()).isEqualTo("BACKWARD");
    }

    private JsonNode opsSchemas() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.ops().address() + "api/schemas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void aSchemaTheRegistryRefusesHoldsItsTablesChangesWhileOthersFlowUntilTheSubjectIsFixed() throws Exception {
        Clients.execute(sandbox,
                "CREATE TABLE " + KS + ".ledger (id int PRIMARY KEY, amounts map<text, int>) WITH cdc = true",
                "CREATE TABLE " + KS + ".visits (id int PRIMARY KEY, page text) WITH cdc = true",
                "INSERT INTO " + KS + ".ledger (id, amounts) VALUES (1, {'a': 1})");
        String ledger = "cdc." + KS + ".ledger";
        awaitEvents(ledger, 1);

        // the column's type changes: a map with text keys (an Avro map) becomes one with blob keys (key/value records)
        Clients.execute(sandbox, "ALTER TABLE " + KS + ".ledger DROP amounts",
                "ALTER TABLE " + KS + ".ledger ADD amounts map<blob, int>",
                "INSERT INTO " + KS + ".ledger (id, amounts) VALUES (2, {0x02: 2})",
                "INSERT INTO " + KS + ".visits (id, page) VALUES (1, '/home')");

        awaitEvents("cdc." + KS + ".visits", 1);
        String subject = ledger + "-value";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> sandbox.materializer()
                .metric("materializer_held_changes{reason=\"schema-refused\"}").orElse(0) >= 1);
        // more changes wait behind, a second one of id 2 among them
        Clients.execute(sandbox, "UPDATE " + KS + ".ledger SET amounts = amounts + {0x04: 4} WHERE id = 2",
                "INSERT INTO " + KS + ".ledger (id, amounts) VALUES (3, {0x03: 3})");
        Thread.sleep(3_000);
        assertThat(Clients.readAllBytes(sandbox, ledger)).as("events of the held table").hasSize(1);
        String log = Files.readString(sandbox.materializer().logFile());
        assertThat(log).contains("Change events of " + KS + ".ledger to " + ledger + " stop")
                .contains("refuses the new schema of subject " + subject).contains("Incompatible");
        assertThat(avro.get("/subjects/" + subject + "/versions")).hasSize(1);

        avro.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");

        List<ConsumerRecord<byte[], byte[]>> events = awaitEvents(ledger, 4);
        List<Object> ids = new ArrayList<>();
        List<GenericRecord> ofTwo = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            GenericRecord value = avro.read(event.value());
            Object id = ((GenericRecord) value.get("after")).get("id");
            ids.add(id);
            if (id.equals(2)) {
                ofTwo.add(value); // one key, one partition: in the order they were written
            }
        }
        assertThat(ids).as("nothing lost, nothing twice").containsExactlyInAnyOrder(1, 2, 2, 3);
        assertThat(ofTwo).extracting(value -> value.get("op").toString()).containsExactly("c", "u");
        assertThat((List<?>) ((GenericRecord) ofTwo.get(1).get("after")).get("amounts")).hasSize(2);
        assertThat(avro.get("/subjects/" + subject + "/versions")).hasSize(2);
        assertThat(sandbox.materializer().metric("materializer_held_changes{reason=\"schema-refused\"}"))
                .hasValue(0);
    }

    @Test
    void aRegistryThatDoesNotAnswerHoldsAChangedTableUntilItAnswersAgain() throws Exception {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".hung (id int PRIMARY KEY, page text) WITH cdc = true",
                "INSERT INTO " + KS + ".hung (id, page) VALUES (1, '/a')");
        String topic = "cdc." + KS + ".hung";
        awaitEvents(topic, 1);

        SchemaRegistryProcess registry = sandbox.schemaRegistry().orElseThrow();
        registry.suspend();
        try {
            Clients.execute(sandbox, "ALTER TABLE " + KS + ".hung ADD note text",
                    "UPDATE " + KS + ".hung SET note = 'hi' WHERE id = 1",
                    "INSERT INTO " + KS + ".hung (id, page, note) VALUES (2, '/b', 'new')");
            // the registry's client gives up after its 10 s timeout, and the table's changes are held
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> sandbox
                    .materializer().metric("materializer_held_changes{reason=\"schema-refused\"}").orElse(0) >= 1);
            assertThat(Files.readString(sandbox.materializer().logFile()))
                    .contains("the schema registry cannot be asked about subject " + topic + "-");
            assertThat(Clients.readAllBytes(sandbox, topic)).as("held while the registry hangs").hasSize(1);
        } finally {
            registry.resume();
        }

        List<ConsumerRecord<byte[], byte[]>> events = awaitEvents(topic, 3);
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            GenericRecord value = avro.read(event.value());
            GenericRecord after = (GenericRecord) value.get("after");
            Object note = after.getSchema().getField("note") == null ? null : after.get("note"); // before the ADD
            seen.add(value.get("op") + ":" + after.get("id") + ":" + note);
        }
        assertThat(seen).as("nothing lost or doubled, each key's events in order")
                .containsExactlyInAnyOrder("c:1:null", "u:1:hi", "c:2:new");
        assertThat(seen.indexOf("c:1:null")).isLessThan(seen.indexOf("u:1:hi"));
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitEvents(String topic, int count) {
        return Clients.awaitBytes(sandbox, topic, count, Duration.ofSeconds(60));
    }

    private static BigDecimal decimal(GenericRecord record, String field) {
        LogicalTypes.Decimal type = (LogicalTypes.Decimal) ConfluentAvro.nonNull(record.getSchema().getField(field)
                .schema()).getLogicalType();
        ByteBuffer buffer = ((ByteBuffer) record.get(field)).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new BigDecimal(new BigInteger(bytes), type.getScale());
    }
}
