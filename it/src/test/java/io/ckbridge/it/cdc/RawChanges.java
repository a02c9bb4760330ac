package io.ckbridge.it.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads the raw change messages the publishers wrote for a table. Each message comes with where it
 * is on Kafka: {@code _kafkaKey}, {@code _partition}, {@code _offset} and {@code _timestamp}.
 */
final class RawChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawChanges() {
    }

    static String topic(String keyspace, String table) {
        return "cdc.raw." + keyspace + "." + table;
    }

    /** Every raw change of the table so far (to the topic's end offsets); fails when the topic does not exist. */
    static List<JsonNode> read(Sandbox sandbox, String keyspace, String table) {
        return readIfExists(sandbox, keyspace, table).orElseThrow(
                () -> new AssertionError("topic " + topic(keyspace, table) + " does not exist"));
    }

    /** As {@link #read}, but empty when no publisher has created the table's topic (yet). */
    static Optional<List<JsonNode>> readIfExists(Sandbox sandbox, String keyspace, String table) {
        return Clients.readIfExists(sandbox, topic(keyspace, table)).map(RawChanges::parse);
    }

    private static List<JsonNode> parse(List<ConsumerRecord<String, String>> records) {
        List<JsonNode> changes = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<String, String> record : records) {
                ObjectNode value = (ObjectNode) JSON.readTree(record.value());
                // snapshot start and end messages have no key
                value.set("_kafkaKey", record.key() == null ? JSON.nullNode() : JSON.readTree(record.key()));
                value.put("_partition", record.partition());
                value.put("_offset", record.offset());
                value.put("_timestamp", record.timestamp());
                changes.add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return changes;
    }

    /**
     * Waits until the table's raw topic holds at least {@code count} messages matching the condition.
     * A topic not created yet holds none so far; a read that fails fails the test at once.
     */
    static List<JsonNode> await(Sandbox sandbox, String keyspace, String table, int count,
                                Predicate<JsonNode> condition) {
        AtomicReference<List<JsonNode>> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                found.set(readIfExists(sandbox, keyspace, table).map(all -> all.stream().filter(condition).toList())
                        .orElse(null));
                return found.get() != null && found.get().size() >= count;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " matching raw changes not on " + topic(keyspace, table)
                    + " within 120 s: "
                    + (found.get() == null ? "the topic does not exist" : found.get().size() + " there"), e);
        }
        return found.get();
    }

    /**
     * Every raw change of the table, read once every replica's publisher has published its copy of
     * a marker row written to each of the topic's partitions after the writes under test (see
     * {@link Markers}); the changes of every marker written to the table are left out.
     */
    static List<JsonNode> readThroughMarkers(Sandbox sandbox, String keyspace, String table) {
        Markers.Batch markers = Markers.write(sandbox, keyspace, table);
        Markers.awaitPublished(sandbox, keyspace, table, markers);
        return read(sandbox, keyspace, table).stream().filter(change -> !Markers.isMarker(keyspace, table, change))
                .toList();
    }
}
