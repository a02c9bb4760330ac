package io.ckbridge.it.schema;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SchemaRegistryProcess;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox's schema registry; the source and the sink writing and reading Avro through it, Confluent-framed. */
@BridgeSandbox(schemaRegistry = true)
class SchemaRegistryIT {
    private static final String KS = "registry_it";

    private final Sandbox sandbox;
    private final SchemaRegistryProcess registry;
    private final ConfluentAvro avro;
    private final List<String> deployed = new ArrayList<>();

    SchemaRegistryIT(Sandbox sandbox) {
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
    void theRegistryIsUpWithBackwardCompatibilityForSubjectsWithoutALevel() {
        assertThat(sandbox.status()).anySatisfy(status -> {
            assertThat(status.name()).isEqualTo(SchemaRegistryProcess.NAME);
            assertThat(status.up()).isTrue();
        });
        assertThat(avro.get("/config").path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void sourceRowsReachAnAvroTopicInConfluentFramingThatAConfluentReaderDecodes() {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".readings (sensor text, at timestamp, day date,"
                + " amount decimal, reading_id uuid, v int, PRIMARY KEY ((sensor), at))");
        Instant at = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        UUID id = UUID.randomUUID();
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int i = 0; i < 3; i++) {
                session.execute(session.prepare("INSERT INTO " + KS
                        + ".readings (sensor, at, day, amount, reading_id, v) VALUES (?, ?, ?, ?, ?, ?)")
                        .bind("s" + i, at.plusMillis(i), LocalDate.of(2026, 12, 3), new BigDecimal("12.50"), id, i));
            }
        }
        Map<String, String> config = new HashMap<>(sandbox.access().connectorSettings());
        config.putAll(Map.of("connector.class", "io.ckbridge.source.CassandraSourceConnector", "tasks.max", "1",
                "cassandra.keyspace", KS, "cassandra.source.tables", "readings",
                "cassandra.source.incremental.column", "at", "cassandra.source.topic.format", "readings-avro",
                "cassandra.source.poll.interval.ms", "200", "cassandra.source.delay.ms", "1000"));
        config.putAll(registry.avroConverterSettings());
        deploy("source-readings-avro", config);

        List<ConsumerRecord<byte[], byte[]>> records = awaitBytes("readings-avro", 3);

        assertThat(avro.get("/subjects")).extracting(node -> node.asText())
                .contains("readings-avro-key", "readings-avro-value");
        // the source registers the value schema before reading (a decimal with scale 0), the converter the one of
        // the rows (the decimals' scale 2): the records carry the newest
        int valueId = avro.get("/subjects/readings-avro-value/versions/latest").path("id").asInt();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(ConfluentAvro.schemaId(record.value())).isEqualTo(valueId);
            GenericRecord key = avro.read(record.key());
            GenericRecord value = avro.read(record.value());
            int i = Integer.parseInt(key.get("sensor").toString().substring(1));
            assertThat(value.get("v")).isEqualTo(i);
            assertThat(value.get("at")).as("timestamp-millis").isEqualTo(at.plusMillis(i).toEpochMilli());
            assertThat(value.get("day")).as("date: days since 1970").isEqualTo((int) LocalDate.of(2026, 12, 3)
                    .toEpochDay());
            assertThat(value.get("reading_id").toString()).isEqualTo(id.toString());
            Schema amount = ConfluentAvro.nonNull(value.getSchema().getField("amount").schema());
            assertThat(amount.getLogicalType()).isInstanceOf(LogicalTypes.Decimal.class);
            int scale = ((LogicalTypes.Decimal) amount.getLogicalType()).getScale();
            assertThat(new BigDecimal(new java.math.BigInteger(bytes((ByteBuffer) value.get("amount"))), scale))
                    .isEqualByComparingTo("12.50");
        }
        Schema at0 = ConfluentAvro.nonNull(avro.read(records.get(0).value()).getSchema().getField("at").schema());
        assertThat(at0.getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void theSinkWritesRowsFromAnAvroTopicWrittenByAConfluentFramedSerializer() {
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".orders (id int PRIMARY KEY, item text, placed timestamp)");
        Schema order = SchemaBuilder.record("Order").namespace("shop").fields()
                .requiredInt("id").requiredString("item")
                .name("placed").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault().endRecord();
        Instant placed = Instant.parse("2026-12-03T10:15:30.250Z");
        Map<String, Object> serializer = new HashMap<>(sandbox.access().kafkaClient(Map.of()));
        serializer.put(SerdeConfig.REGISTRY_URL, registry.apicurioApiUrl());
        serializer.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        serializer.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        serializer.put(SerdeConfig.USE_ID, "contentId");
        serializer.put(SerdeConfig.ENABLE_HEADERS, false);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(serializer, new StringSerializer(),
                avroSerializer(serializer))) {
            for (int i = 1; i <= 3; i++) {
                GenericRecord value = new GenericData.Record(order);
                value.put("id", i);
                value.put("item", "item-" + i);
                value.put("placed", placed.plusSeconds(i).toEpochMilli());
                producer.send(new ProducerRecord<>("orders-avro", Integer.toString(i), value));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> written = awaitBytes("orders-avro", 3);
        assertThat(ConfluentAvro.schemaId(written.get(0).value()))
                .isEqualTo(avro.get("/subjects/orders-avro-value/versions/latest").path("id").asInt());

        Map<String, String> config = with(Connectors.sinkConfig(sandbox, KS, "orders-avro"),
                "topic.orders-avro." + KS + ".orders.mapping", "id=value.id, item=value.item, placed=value.placed");
        Map<String, String> avroValues = new HashMap<>(registry.avroConverterSettings());
        avroValues.keySet().removeIf(key -> key.startsWith("key."));
        config.putAll(avroValues);
        config.remove("value.converter.schemas.enable");
        deploy("sink-orders-avro", config);

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                    session.execute("SELECT id FROM " + KS + ".orders").all().size() == 3);
            Row second = session.execute("SELECT * FROM " + KS + ".orders WHERE id = 2").one();
            assertThat(second.getString("item")).isEqualTo("item-2");
            assertThat(second.getInstant("placed")).isEqualTo(placed.plusSeconds(2));
        }
    }

    private static AvroKafkaSerializer<GenericRecord> avroSerializer(Map<String, Object> settings) {
        AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(settings, false);
        return serializer;
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitBytes(String topic, int count) {
        return Clients.awaitBytes(sandbox, topic, count, Duration.ofSeconds(60));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private void deploy(String name, Map<String, String> config) {
        deployed.add(name);
        Connectors.deploy(sandbox, name, config);
    }
}
