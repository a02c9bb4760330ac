package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Reads the materializer's change events of a table as a read_committed consumer sees them. */
final class ChangeEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sandbox's materializer: its Kafka Streams application id, the group that commits its input offsets. */
    private static final String MATERIALIZER_GROUP = "ckbridge-materializer";

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

    /** Every committed event of the table's change topic so far, in partition order; fails without such a topic. */
    static List<Event> read(Sandbox sandbox, String keyspace, String table) {
        return readIfExists(sandbox, keyspace, table).orElseThrow(
                () -> new AssertionError("topic " + topic(keyspace, table) + " does not exist"));
    }

    /** As {@link #read}, but empty when the materializer has not created the table's change topic (yet). */
    static Optional<List<Event>> readIfExists(Sandbox sandbox, String keyspace, String table) {
        return Clients.readIfExists(sandbox, topic(keyspace, table)).map(ChangeEvents::parse);
    }

    private static List<Event> parse(List<ConsumerRecord<String, String>> records) {
        List<Event> events = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<String, String> record : records) {
                events.add(new Event(JSON.readTree(record.key()), JSON.readTree(record.value())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /**
     * Waits until the topic holds at least {@code count} events matching the condition; returns those.
     * A topic not created yet holds none so far; a read that fails fails the test at once.
     */
    static List<Event> await(Sandbox sandbox, String keyspace, String table, int count, Predicate<Event> condition) {
        AtomicReference<List<Event>> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                found.set(readIfExists(sandbox, keyspace, table).map(all -> all.stream().filter(condition).toList())
                        .orElse(null));
                return found.get() != null && found.get().size() >= count;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " matching events not on " + topic(keyspace, table) + " within 3 min: "
                    + (found.get() == null ? "the topic does not exist" : "only " + found.get().size() + ", the last "
                    + found.get().subList(Math.max(0, found.get().size() - 5), found.get().size())), e);
        }
        return found.get();
    }

    /**
     * Waits for {@code count} matching events, then proves that no more come: marker rows written
     * after them (see {@link Markers}) must come through the materializer, and then every copy of
     * every earlier write has been processed and its events committed. Fails unless exactly
     * {@code count} events match; returns them (the events of markers left out).
     */
    static List<Event> awaitExactly(Sandbox sandbox, String keyspace, String table, int count,
                                    Predicate<Event> condition) {
        await(sandbox, keyspace, table, count, condition);
        List<Event> events = readThroughMarkers(sandbox, keyspace, table).stream().filter(condition).toList();
        assertThat(events).as("events of %s.%s once the markers came through", keyspace, table).hasSize(count);
        return events;
    }

    /**
     * Every event of the table once a marker row written to each raw partition now has come through
     * the materializer; the events of every marker written to the table are left out. The
     * materializer reads one raw partition number in one task, in offset order, so once its
     * committed input offset is past every replica's copy of a partition's marker, it has processed
     * every copy of every write before them there. It applies a task's changes in write-time order
     * and the markers are the newest, so once a marker's event is committed, the events of every
     * earlier write of its task are too.
     */
    static List<Event> readThroughMarkers(Sandbox sandbox, String keyspace, String table) {
        Markers.Batch markers = Markers.write(sandbox, keyspace, table);
        Map<Integer, Long> lastCopies = Markers.awaitPublished(sandbox, keyspace, table, markers);
        String rawTopic = RawChanges.topic(keyspace, table);
        AtomicReference<String> waiting = new AtomicReference<>("nothing read yet");
        try (Admin admin = Clients.admin(sandbox)) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(MATERIALIZER_GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                List<String> behind = new ArrayList<>();
                lastCopies.forEach((partition, offset) -> {
                    OffsetAndMetadata at = committed.get(new TopicPartition(rawTopic, partition));
                    if (at == null || at.offset() <= offset) {
                        behind.add(rawTopic + "-" + partition + " committed " + (at == null ? "nothing" : at.offset())
                                + ", last marker copy at " + offset);
                    }
                });
                long markerEvents = readIfExists(sandbox, keyspace, table).orElse(List.of()).stream()
                        .filter(markers::contains).count();
                if (markerEvents < markers.markers().size()) {
                    behind.add(markerEvents + " of " + markers.markers().size() + " marker events");
                }
                waiting.set(String.join("; ", behind));
                return behind.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("markers of " + keyspace + "." + table
                    + " did not come through the materializer within 3 min: " + waiting.get(), e);
        }
        return read(sandbox, keyspace, table).stream().filter(event -> !Markers.isMarker(keyspace, table, event))
                .toList();
    }
}
