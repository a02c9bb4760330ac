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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
