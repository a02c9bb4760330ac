package io.ckbridge.it.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SchemaRegistryProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The source connector across table changes, with the registry enforcing its subjects' levels:
 * a column added reaches the topic as a new schema version without a restart; a change the
 * registry refuses holds that table alone and resumes, nothing lost, once the subject is fixed;
 * a registry that does not answer holds a changed table until it answers again.
 */
@BridgeSandbox(schemaRegistry = true)
class SourceSchemaEvolutionIT {
    private static final String KS = "source_evolution_it";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Sandbox sandbox;
    private final SchemaRegistryProcess registry;
    private final ConfluentAvro avro;
    private final List<String> deployed = new ArrayList<>();
    /** Per table, the schema id each row's value was written with. */
    private final Map<String, Map<Integer, Integer>> schemaIds = new HashMap<>();

    SourceSchemaEvolutionIT(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.registry = sandbox.schemaRegistry().orElseThrow();
        this.avro = new ConfluentAvro(registry.confluentApiUrl());
    }

    @BeforeAll
    static void keyspace(Sandbox sandbox) {
        Clients.createKeyspace(sandbox, KS);
    }

    @AfterEach
    void removeConnectors() {
        deployed.forEach(name -> Connectors.client(sandbox).deleteWithOffsets(name));
    }

    @Test
    void aColumnAddedIsANewSchemaVersionOnTheTopicWithoutARestart() throws IOException {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".added (id int PRIMARY KEY, at timestamp, v int)");
        insert("added", 1, 3, "");
        deploy("source-added", "added");
        awaitRecords("added", 3);

        Clients.execute(sandbox, "ALTER TABLE " + KS + ".added ADD note text");
        insert("added", 4, 6, "note");
        Map<Integer, GenericRecord> values = awaitRecords("added", 6);

        int first = avro.get("/subjects/added-evolving-value/versions/1").path("id").asInt();
        int second = avro.get("/subjects/added-evolving-value/versions/2").path("id").asInt();
        assertThat(avro.get("/subjects/added-evolving-value/versions")).hasSize(2);
        for (int id = 1; id <= 6; id++) {
            GenericRecord value = values.get(id);
            assertThat(value.get("v")).isEqualTo(id);
            if (id <= 3) {
                assertThat(value.getSchema().getField("note")).isNull();
                assertThat(schemaIds.get("added").get(id)).isEqualTo(first);
            } else {
                assertThat(value.get("note")).as("row " + id + " carries the added column").hasToString("n" + id);
                assertThat(schemaIds.get("added").get(id)).isEqualTo(second);
            }
        }
        assertThat(Connectors.client(sandbox).isRunning("source-added", 1)).isTrue();
        assertThat(Files.readString(sandbox.connect().logFile()))
                .contains("table " + KS + ".added changed; its records carry the columns");
    }

    @Test
    void aRefusedSchemaHoldsItsTableWhileAnotherFlowsAndResumesWithNothingLostOnceFixed() throws Exception {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".held (id int PRIMARY KEY, at timestamp, v int,"
                + " tags map<text, int>)", "CREATE TABLE " + KS + ".flowing (id int PRIMARY KEY, at timestamp, v int)");
        insert("held", 1, 2, "tags");
        insert("flowing", 1, 2, "");
        // transitive: the table without tags (between the DROP and the ADD) must not hide the change from v1
        deploy("source-held", "held,flowing", "schema.compatibility", "BACKWARD_TRANSITIVE");
        awaitRecords("held", 2);
        awaitRecords("flowing", 2);

        // Cassandra lets a map<text,int> come back as map<blob,int>; in Avro a map becomes an array of
        // key/value records, which the level refuses
        Clients.execute(sandbox, "ALTER TABLE " + KS + ".held DROP tags");
        Clients.execute(sandbox, "ALTER TABLE " + KS + ".held ADD tags map<blob, int>");
        insert("held", 3, 5, "blobTags");
        insert("flowing", 3, 5, "");
        awaitRecords("flowing", 5);
        Thread.sleep(3_000);

        assertThat(Clients.readAllBytes(sandbox, "held-evolving")).as("the refused table's rows are held").hasSize(2);
        assertThat(Connectors.client(sandbox).isRunning("source-held", 1)).as("the task runs on").isTrue();
        assertThat(avro.get("/config/held-evolving-value").path("compatibilityLevel").asText())
                .isEqualTo("BACKWARD_TRANSITIVE");
        assertThat(Files.readString(sandbox.connect().logFile())).contains(KS + ".held", "held-evolving-value",
                "stops: the schema registry refuses the new schema of subject held-evolving-value");

        avro.put("/config/held-evolving-value", "{\"compatibility\": \"NONE\"}");
        Map<Integer, GenericRecord> values = awaitRecords("held", 5);

        assertThat(values).containsOnlyKeys(1, 2, 3, 4, 5);
        assertThat(Clients.readAllBytes(sandbox, "held-evolving")).as("none sent twice").hasSize(5);
        assertThat(values.get(4).get("tags")).asList().hasSize(1);
        GenericRecord entry = (GenericRecord) ((List<?>) values.get(4).get("tags")).get(0);
        assertThat(entry.get("value")).isEqualTo(4);
        assertThat(Clients.readAllBytes(sandbox, "flowing-evolving")).hasSize(5);
    }

    @Test
    void aChangedTableWaitsForARegistryThatDoesNotAnswerAndFlowsOnceItDoes() throws Exception {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".unanswered (id int PRIMARY KEY, at timestamp, v int)");
        insert("unanswered", 1, 2, "");
        deploy("source-unanswered", "unanswered");
        awaitRecords("unanswered", 2);

        registry.suspend();
        try {
            Clients.execute(sandbox, "ALTER TABLE " + KS + ".unanswered ADD note text");
            insert("unanswered", 3, 4, "note");
            // the registry's client gives up after its 10 s timeout, and the table is held
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> Files.readString(sandbox.connect()
                    .logFile()).contains("the schema registry cannot be asked about subject unanswered-evolving-"));
            assertThat(Clients.readAllBytes(sandbox, "unanswered-evolving")).as("held while the registry hangs")
                    .hasSize(2);
            assertThat(Connectors.client(sandbox).isRunning("source-unanswered", 1)).isTrue();
        } finally {
            registry.resume();
        }
        Map<Integer, GenericRecord> values = awaitRecords("unanswered", 4);

        assertThat(values.get(3).get("note")).hasToString("n3");
        assertThat(Clients.readAllBytes(sandbox, "unanswered-evolving")).hasSize(4);
    }

    /** The topic's records by the row's id, decoded; at least {@code count} of them. */
    private Map<Integer, GenericRecord> awaitRecords(String table, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = Clients.awaitBytes(sandbox, table + "-evolving", count, WAIT);
        Map<Integer, GenericRecord> values = new TreeMap<>();
        Map<Integer, Integer> ids = schemaIds.computeIfAbsent(table, t -> new HashMap<>());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int id = (Integer) avro.read(record.key()).get("id");
            values.put(id, avro.read(record.value()));
            ids.put(id, ConfluentAvro.schemaId(record.value()));
        }
        return values;
    }

    private void insert(String table, int from, int to, String extra) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int id = from; id <= to; id++) {
                Instant at = Instant.now();
                switch (extra) {
                    case "note" -> session.execute(session.prepare("INSERT INTO " + KS + "." + table
                            + " (id, at, v, note) VALUES (?, ?, ?, ?)").bind(id, at, id, "n" + id));
                    case "tags" -> session.execute(session.prepare("INSERT INTO " + KS + "." + table
                            + " (id, at, v, tags) VALUES (?, ?, ?, ?)").bind(id, at, id, Map.of("t" + id, id)));
                    case "blobTags" -> session.execute(session.prepare("INSERT INTO " + KS + "." + table
                            + " (id, at, v, tags) VALUES (?, ?, ?, ?)").bind(id, at, id,
                            Map.of(ByteBuffer.wrap(new byte[] {(byte) id}), id)));
                    default -> session.execute(session.prepare("INSERT INTO " + KS + "." + table
                            + " (id, at, v) VALUES (?, ?, ?)").bind(id, at, id));
                }
            }
        }
    }

    private void deploy(String name, String tables, String... settings) {
        Map<String, String> config = new HashMap<>(sandbox.access().connectorSettings());
        config.putAll(Map.of("connector.class", "io.ckbridge.source.CassandraSourceConnector", "tasks.max", "1",
                "cassandra.keyspace", KS, "cassandra.source.tables", tables,
                "cassandra.source.incremental.column", "at", "cassandra.source.topic.format", "${table}-evolving",
                "cassandra.source.poll.interval.ms", "200", "cassandra.source.delay.ms", "1000"));
        config.putAll(registry.avroConverterSettings());
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        deployed.add(name);
        Connectors.deploy(sandbox, name, config);
    }
}
