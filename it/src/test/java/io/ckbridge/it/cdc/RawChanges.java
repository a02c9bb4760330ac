package io.ckbridge.it.cdc;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the raw change messages the publishers wrote for a table. */
final class RawChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawChanges() {
    }

    static String topic(String keyspace, String table) {
        return "cdc.raw." + keyspace + "." + table;
    }

    static List<JsonNode> read(Sandbox sandbox, String keyspace, String table) {
        List<JsonNode> changes = new ArrayList<>();
        try {
            for (ConsumerRecord<String, String> record : Clients.readAll(sandbox, topic(keyspace, table))) {
                JsonNode value = JSON.readTree(record.value());
                ((com.fasterxml.jackson.databind.node.ObjectNode) value).set("_kafkaKey", JSON.readTree(record.key()));
                changes.add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return changes; // the topic does not exist yet
        }
        return changes;
    }

    /** Waits until the table's raw topic holds at least {@code count} messages matching the condition. */
    static List<JsonNode> await(Sandbox sandbox, String keyspace, String table, int count, Predicate<JsonNode> condition) {
        List<JsonNode> found = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            found.clear();
            read(sandbox, keyspace, table).stream().filter(condition).forEach(found::add);
            return found.size() >= count;
        });
        return found;
    }
}
