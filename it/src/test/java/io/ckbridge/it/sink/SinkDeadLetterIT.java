package io.ckbridge.it.sink;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class SinkDeadLetterIT {
    private static final String KS = "sink_dlq";
    private static final int RECORDS = 100_000;
    private static final int PARTITIONS = 4;

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".events (id bigint PRIMARY KEY, kind text, amount int)");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".strict (id bigint PRIMARY KEY, kind text, amount int)");
            for (String table : List.of("refused", "refused_strict")) {
                session.execute("CREATE TABLE IF NOT EXISTS " + KS + "." + table
                        + " (id text PRIMARY KEY, kind text, amount int, note text, flags list<boolean>)");
            }
        }
    }

    /** One record in a hundred is poison, of four kinds; returns the sequence numbers of the poison ones. */
    private static Set<Long> produce(Sandbox sandbox, String topic, int records) throws Exception {
        Clients.createTopic(sandbox, topic, PARTITIONS);
        Set<Long> poison = new HashSet<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.bytesProducer(sandbox)) {
            for (long seq = 0; seq < records; seq++) {
                String key = Long.toString(seq);
                String value = "{\"id\":" + seq + ",\"kind\":\"ok\",\"amount\":" + (seq % 1000) + "}";
                if (seq % 100 == 37) {
                    poison.add(seq);
                    switch ((int) (seq / 100 % 4)) {
                        case 0 -> {
                            key = null; // no key and no id: no primary key at all
                            value = "{\"kind\":\"no-key\",\"amount\":1}";
                        }
                        case 1 -> value = "{\"id\":" + seq + ",\"kind\":\"wrong-type\",\"amount\":\"lots\"}";
                        case 2 -> value = "{\"id\":" + seq + ",\"kind\":\"out-of-range\",\"amount\":3000000000}";
                        default -> value = "{\"id\":" + seq + ",\"kind\":\"unknown-column\",\"colour\":\"red\"}";
                    }
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", key == null ? Long.toString(seq)
                        .getBytes(StandardCharsets.UTF_8) : key.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, (int) (seq % 4), null, key == null
                        ? null : key.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8), headers), (metadata, error) -> {
                            if (error != null) {
                                failed.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        assertThat(failed.get()).as("records not sent to " + topic).isNull();
        return poison;
    }

    @Test
    void withToleranceAllExactlyThePoisonRecordsGoToTheDeadLetterQueueAndAllOthersAreWritten(
            Sandbox sandbox) throws Exception {
        Set<Long> poison = produce(sandbox, "dlq-events", RECORDS);
        // columns matched by name: a field without a column is an error, as it would be with Confluent's sink
        Connectors.deploy(sandbox, "sink-dlq", with(Connectors.sinkConfig(sandbox, KS, "dlq-events"),
                "cassandra.table.name.format", "events",
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "dlq-events-dead",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true",
                "consumer.override.max.poll.records", "2000"));
        try {
            assertPoisonInTheDeadLetterQueueAndTheRestWritten(sandbox, poison);
        } finally {
            Connectors.delete(sandbox, "sink-dlq");
        }
    }

    private static void assertPoisonInTheDeadLetterQueueAndTheRestWritten(Sandbox sandbox, Set<Long> poison)
            throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            Connectors.awaitOutput(sandbox, "sink-dlq", Duration.ofMinutes(3), "rows in " + KS + ".events",
                    () -> Clients.rowCount(session, KS + ".events"), rows -> rows == RECORDS - poison.size());
            for (long seq : List.of(0L, 36L, 38L, 99_999L)) {
                assertThat(session.execute("SELECT kind FROM " + KS + ".events WHERE id = " + seq).one().getString(0))
                        .isEqualTo("ok");
            }
            assertThat(session.execute("SELECT * FROM " + KS + ".events WHERE id = 137").one())
                    .as("poison is not written").isNull();
        }

        Clients.awaitRecords(sandbox, "dlq-events-dead", poison.size(), Duration.ofMinutes(1));
        // A poison marker last on each partition: the task sets bad records aside as it maps them, in
        // the order of their partition, so once every marker is in the queue nothing before it is to come.
        sendPoisonMarkers(sandbox);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> Clients.readAll(sandbox, "dlq-events-dead").stream()
                        .filter(SinkDeadLetterIT::isMarker).count() == PARTITIONS);
        List<ConsumerRecord<String, String>> dead = Clients.readAll(sandbox, "dlq-events-dead").stream()
                .filter(record -> !isMarker(record)).toList();
        Set<Long> deadSeqs = new HashSet<>();
        for (ConsumerRecord<String, String> record : dead) {
            deadSeqs.add(Long.parseLong(new String(record.headers().lastHeader("seq").value(),
                    StandardCharsets.UTF_8)));
        }
        assertThat(dead).hasSize(poison.size());
        assertThat(deadSeqs).isEqualTo(poison);

        Map<String, String> reasons = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> record : dead) {
            String kind = record.value().replaceAll(".*\"kind\":\"([^\"]+)\".*", "$1");
            reasons.putIfAbsent(kind, header(record, "__connect.errors.exception.message"));
            assertThat(header(record, "__connect.errors.topic")).isEqualTo("dlq-events");
            assertThat(header(record, "__connect.errors.offset")).isNotBlank();
        }
        assertThat(reasons.get("no-key")).contains("primary key column id");
        assertThat(reasons.get("wrong-type")).contains("column amount (int)").contains("\"lots\"");
        assertThat(reasons.get("out-of-range")).contains("column amount (int)").contains("out of range");
        assertThat(reasons.get("unknown-column")).contains("has no such column");
        assertThat(reasons.values()).allSatisfy(reason -> assertThat(reason).contains("Connector sink-dlq")
                .contains("dlq-events-"));
    }

    /** Poison of the unknown-column kind, one to each partition of dlq-events, its seq header "marker-<partition>". */
    private static void sendPoisonMarkers(Sandbox sandbox) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.bytesProducer(sandbox)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                long id = RECORDS + partition;
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", ("marker-" + partition).getBytes(StandardCharsets.UTF_8));
                byte[] key = Long.toString(id).getBytes(StandardCharsets.UTF_8);
                String json = "{\"id\":" + id + ",\"kind\":\"marker\",\"colour\":\"red\"}";
                byte[] value = json.getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("dlq-events", partition, null, key, value, headers)).get();
            }
        }
    }

    private static boolean isMarker(ConsumerRecord<String, String> record) {
        Header seq = record.headers().lastHeader("seq");
        return seq != null && new String(seq.value(), StandardCharsets.UTF_8).startsWith("marker-");
    }

    @Test
    void withoutToleranceTheTaskFailsNamingTopicPartitionOffsetTableAndColumn(Sandbox sandbox) throws Exception {
        Clients.createTopic(sandbox, "dlq-strict", 1);
        Clients.send(sandbox, "dlq-strict", "1", "{\"id\":1,\"kind\":\"ok\",\"amount\":1}",
                "2", "{\"id\":2,\"kind\":\"bad\",\"amount\":\"lots\"}", "3", "{\"id\":3,\"kind\":\"ok\",\"amount\":3}");
        Map<String, String> config = with(Connectors.sinkConfig(sandbox, KS, "dlq-strict"),
                "topic.dlq-strict." + KS + ".strict.mapping", "id=value.id, kind=value.kind, amount=value.amount");
        Connectors.client(sandbox).put("sink-strict", config);
        try {
            assertTheTaskFailsNamingWhereAndWhat(sandbox);
        } finally {
            Connectors.delete(sandbox, "sink-strict");
        }
    }

    private static void assertTheTaskFailsNamingWhereAndWhat(Sandbox sandbox) {
        JsonNode task = Connectors.awaitTaskFailed(sandbox, "sink-strict", Duration.ofSeconds(60));

        assertThat(task.path("trace").asText())
                .contains("Connector sink-strict: record dlq-strict-0 offset 1 cannot be written to " + KS + ".strict")
                .contains("column amount (int)")
                .contains("errors.tolerance=all");
        try (CqlSession session = Clients.cql(sandbox)) {
            assertThat(session.execute("SELECT * FROM " + KS + ".strict WHERE id = 3").one())
                    .as("nothing after the bad record").isNull();
        }
    }

    /** Over Cassandra's maximum CQL message size (4 MiB in the sandbox): refused before it is parsed. */
    private static final String OVERSIZED_NOTE = "x".repeat(4_500_000);
    /**
     * 300,000 list elements: 1.5 MB in the request, but some 20 bytes each in the mutation (a time
     * UUID per element), over the sandbox's max_mutation_size (half its 8 MiB commit log segment).
     */
    private static final String OVERSIZED_FLAGS = "[" + String.join(",", Collections.nCopies(300_000, "true")) + "]";
    /** Over Cassandra's 65,535-byte limit for a partition key. */
    private static final String KEY_TOO_LONG = "k".repeat(70_000);

    /** Sends the values in order to partition 0, each with a "kind" header, allowing records of several MB. */
    private static void sendLarge(Sandbox sandbox, String topic, List<String> kinds, List<String> values)
            throws Exception {
        Clients.createTopic(sandbox, topic, 1);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                sandbox.settings().bootstrapServers(), ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
                // the 4.5 MB value compresses to a few KB: under the broker's 1 MB limit for a batch
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("kind", kinds.get(i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, 0, null, Integer.toString(i)
                        .getBytes(StandardCharsets.UTF_8), values.get(i).getBytes(StandardCharsets.UTF_8),
                        headers)).get();
            }
        }
    }

    /** Connector settings that let a multi-MB record through the dead-letter queue's producer. */
    private static Map<String, String> largeRecords(Map<String, String> config) {
        return with(config, "producer.override.max.request.size", Integer.toString(16 << 20),
                "producer.override.compression.type", "lz4");
    }

    private static String row(String id, String kind, String amount) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"amount\":" + amount + "}";
    }

    @Test
    void hugeExponentsAndWritesCassandraAlwaysRefusesGoToTheDeadLetterQueueAtOnce(Sandbox sandbox)
            throws Exception {
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            kinds.add("ok");
            values.add(row("ok-" + i, "ok", Integer.toString(i)));
            String bad = switch (i) {
                case 3 -> row("text-" + i, "exponent-text", "\"1e600000000\"");
                // within BigInteger's range: expanding it took the task three minutes
                case 7 -> row("expanded-" + i, "exponent-expanded", "\"1e100000000\"");
                case 11 -> row("message-" + i, "oversized-message", "1").replace("}", ",\"note\":\""
                        + OVERSIZED_NOTE + "\"}");
                case 13 -> row("mutation-" + i, "oversized-mutation", "1").replace("}", ",\"flags\":"
                        + OVERSIZED_FLAGS + "}");
                case 15 -> row(KEY_TOO_LONG, "key-too-long", "1");
                default -> null;
            };
            if (bad != null) {
                kinds.add(bad.replaceAll(".*\"kind\":\"([^\"]+)\".*", "$1"));
                values.add(bad);
            }
        }
        sendLarge(sandbox, "dlq-refused", kinds, values);
        Connectors.deploy(sandbox, "sink-refused", largeRecords(with(Connectors.sinkConfig(sandbox, KS,
                "dlq-refused"), "cassandra.table.name.format", "refused",
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "dlq-refused-dead",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true")));
        try {
            // at once: "1e100000000" took the task three minutes to expand before it was found out of range
            try (CqlSession session = Clients.cql(sandbox)) {
                Connectors.awaitOutput(sandbox, "sink-refused", Duration.ofMinutes(2), "rows in " + KS + ".refused",
                        () -> Clients.rowCount(session, KS + ".refused"), rows -> rows == 20);
                assertThat(session.execute("SELECT id FROM " + KS + ".refused").all())
                        .allSatisfy(r -> assertThat(r.getString(0)).startsWith("ok-"));
            }
            Map<String, String> reasons = new java.util.HashMap<>();
            for (ConsumerRecord<String, String> dead : Clients.awaitRecords(sandbox, "dlq-refused-dead", 5,
                    Duration.ofSeconds(30))) {
                reasons.put(header(dead, "kind"), header(dead, "__connect.errors.exception.message"));
            }
            assertThat(reasons).containsOnlyKeys("exponent-text", "exponent-expanded", "oversized-message",
                    "oversized-mutation", "key-too-long");
            assertThat(reasons.get("exponent-text")).contains("column amount (int)")
                    .contains("\"1e600000000\" is out of range for int").contains("600000001 digits before the point");
            assertThat(reasons.get("exponent-expanded")).contains("column amount (int)")
                    .contains("100000001 digits before the point");
            // Cassandra 5.0 refuses all three at the coordinator, as invalid queries
            assertThat(reasons.get("oversized-message")).contains("cannot be written to " + KS
                    + ".refused: Cassandra refused the write (InvalidQueryException): CQL Message of size");
            assertThat(reasons.get("oversized-mutation")).contains("cannot be written to " + KS
                    + ".refused: Cassandra refused the write (InvalidQueryException): Rejected an oversized mutation");
            assertThat(reasons.get("key-too-long"))
                    .contains("Cassandra refused the write (InvalidQueryException)").contains("Key length");
            assertThat(reasons.values()).allSatisfy(reason -> assertThat(reason).hasSizeLessThan(2_000)
                    .contains("Connector sink-refused: record dlq-refused-0 offset "));
            assertThat(Connectors.client(sandbox).isRunning("sink-refused", 1)).isTrue();
        } finally {
            Connectors.delete(sandbox, "sink-refused");
        }
    }

    @Test
    void withoutToleranceAWriteCassandraAlwaysRefusesFailsTheTaskAtOnce(Sandbox sandbox) throws Exception {
        sendLarge(sandbox, "dlq-refused-strict", List.of("ok", "oversized-mutation", "ok"), List.of(row("1", "ok", "1"),
                row("2", "oversized-mutation", "2").replace("}", ",\"flags\":" + OVERSIZED_FLAGS + "}"),
                row("3", "ok", "3")));
        Connectors.client(sandbox).put("sink-refused-strict", largeRecords(with(Connectors.sinkConfig(sandbox, KS,
                "dlq-refused-strict"), "cassandra.table.name.format", "refused_strict")));
        try {
            // at once, not after cassandra.write.retry.timeout.ms (5 min) of retries
            JsonNode task = Connectors.awaitTaskFailed(sandbox, "sink-refused-strict", Duration.ofMinutes(2));

            assertThat(task.path("trace").asText())
                    .contains("Connector sink-refused-strict: record dlq-refused-strict-0 offset 1 cannot be written"
                            + " to " + KS + ".refused_strict: Cassandra refused the write (InvalidQueryException)")
                    .contains("errors.tolerance=all");
            try (CqlSession session = Clients.cql(sandbox)) {
                assertThat(session.execute("SELECT * FROM " + KS + ".refused_strict WHERE id = '1'").one())
                        .as("the record before it is written").isNotNull();
            }
        } finally {
            Connectors.delete(sandbox, "sink-refused-strict");
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
