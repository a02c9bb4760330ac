package io.ckbridge.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the materializer's change events of a table as a read_committed consumer sees them. */
final class ChangeEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change event: its Kafka key (the primary key) and value. */
    record Event(JsonNode key, JsonNode value) {
        String op() {
            return value.path("op").asText();
        }

        JsonNode before() {
            return value.path("before");
        }

        JsonNode after() {
            return value.path("after");
        }

        String scope() {
            return value.path("scope").asText();
        }

        long ts() {
            return value.path("ts").asLong();
        }

        int id(String column) {
            return key.path(column).asInt();
        }

        @Override
        public String toString() {
            return key + " " + value;
        }
    }

    private ChangeEvents() {
    }

    static String topic(String keyspace, String table) {
        return "cdc." + keyspace + "." + table;
    }

    /** Every committed event of the table's change topic so far, in partition order. */
    static List<Event> read(Sandbox sandbox, String keyspace, String table) {
        String topic = topic(keyspace, table);
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(new Event(JSON.readTree(record.key()), JSON.readTree(record.value())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return events; // no such topic yet
        }
        return events;
    }

    /** Waits until the topic holds at least {@code count} events matching the condition; returns those. */
    static List<Event> await(Sandbox sandbox, String keyspace, String table, int count, Predicate<Event> condition) {
        List<Event> found = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            found.clear();
            read(sandbox, keyspace, table).stream().filter(condition).forEach(found::add);
            return found.size() >= count;
        });
        return found;
    }

    /** Waits for {@code count} matching events, then a little longer to see that no more come. */
    static List<Event> awaitExactly(Sandbox sandbox, String keyspace, String table, int count, Predicate<Event> condition) {
        await(sandbox, keyspace, table, count, condition);
        try {
            Thread.sleep(3000); // copies from the other replicas, had they not been dropped, arrive within this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return read(sandbox, keyspace, table).stream().filter(condition).toList();
    }
}
