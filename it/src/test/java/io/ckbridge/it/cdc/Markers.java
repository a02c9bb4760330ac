package io.ckbridge.it.cdc;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Marker rows, written after the writes under test to show when everything before them has come
 * through: a publisher sends its node's commit log in order and keys each message by partition key,
 * so on one partition of a raw topic a publisher's copy of a marker comes after its copies of every
 * earlier write there. One marker goes to each partition of the table's raw topic (a fresh key that
 * hashes there, as the publisher's producer hashes it), at CL ALL and with a write time ahead of
 * any the tests use, so that the materializer also applies it after them.
 */
final class Markers {
    /** Marker keys: fresh ones for every marker, far from the keys tests write. */
    private static final int FIRST_KEY = 1_000_000;
    /** A minute ahead of the clock: tests write at most a few seconds ahead. */
    private static final long AHEAD_MICROS = 60_000_000L;
    private static int nextKey = FIRST_KEY;
    /** Every marker of this run, as "keyspace.table column=key": a table may be read after several batches. */
    private static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();

    /** A marker row: {@code column = key}, on raw partition {@code partition}. */
    record Marker(String column, int key, int partition) {
        String keyJson() {
            return "{\"" + column + "\":" + key + "}";
        }
    }

    /** The markers of one table, and on how many nodes (each with its publisher) a write to it lands. */
    record Batch(List<Marker> markers, int replicas) {
        boolean contains(JsonNode rawChange) {
            return markers.stream().anyMatch(marker -> marker.keyJson().equals(rawChange.path("_kafkaKey").toString()));
        }

        boolean contains(ChangeEvents.Event event) {
            return markers.stream().anyMatch(marker -> event.key().path(marker.column()).isInt()
                    && event.key().path(marker.column()).asInt() == marker.key());
        }
    }

    private Markers() {
    }

    /** Writes one marker row to each partition of the table's raw topic (which must exist). */
    static Batch write(Sandbox sandbox, String keyspace, String table) {
        String topic = RawChanges.topic(keyspace, table);
        int partitions = Clients.partitions(sandbox, topic)
                .orElseThrow(() -> new AssertionError("no marker for " + topic + ": the topic does not exist")).size();
        List<Marker> markers = new ArrayList<>();
        int replicas;
        try (CqlSession session = Clients.cql(sandbox)) {
            replicas = replicas(session, keyspace);
            TableMetadata metadata = session.getMetadata().getKeyspace(keyspace).flatMap(ks -> ks.getTable(table))
                    .orElseThrow(() -> new AssertionError("no table " + keyspace + "." + table));
            List<ColumnMetadata> partitionKey = metadata.getPartitionKey();
            if (partitionKey.size() != 1 || !partitionKey.get(0).getType().equals(DataTypes.INT)) {
                throw new IllegalArgumentException("markers need a partition key of one int column: "
                        + metadata.describe(false));
            }
            String column = partitionKey.get(0).getName().asInternal();
            List<String> names = new ArrayList<>(List.of(column));
            List<String> values = new ArrayList<>(List.of("?"));
            for (ColumnMetadata clustering : metadata.getClusteringColumns().keySet()) {
                if (!clustering.getType().equals(DataTypes.INT)) {
                    throw new IllegalArgumentException("markers need int clustering columns: "
                            + metadata.describe(false));
                }
                names.add(clustering.getName().asCql(true));
                values.add("0");
            }
            long writeTime = System.currentTimeMillis() * 1000 + AHEAD_MICROS;
            String insert = "INSERT INTO " + keyspace + "." + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", values) + ") USING TIMESTAMP " + writeTime;
            for (int partition = 0; partition < partitions; partition++) {
                Marker marker = new Marker(column, freshKey(column, partition, partitions), partition);
                session.execute(SimpleStatement.newInstance(insert, marker.key())
                        .setConsistencyLevel(ConsistencyLevel.ALL));
                markers.add(marker);
                WRITTEN.add(keyspace + "." + table + " " + column + "=" + marker.key());
            }
        }
        return new Batch(List.copyOf(markers), replicas);
    }

    /** The replication factor of a keyspace: its nodes in all data centres. */
    private static int replicas(CqlSession session, String keyspace) {
        Map<String, String> replication = session.getMetadata().getKeyspace(keyspace).orElseThrow().getReplication();
        if (replication.containsKey("replication_factor")) {
            return Integer.parseInt(replication.get("replication_factor"));
        }
        return replication.entrySet().stream().filter(entry -> !entry.getKey().equals("class"))
                .mapToInt(entry -> Integer.parseInt(entry.getValue())).sum();
    }

    /** Whether the raw change is of any marker written to the table. */
    static boolean isMarker(String keyspace, String table, JsonNode rawChange) {
        JsonNode key = rawChange.path("_kafkaKey");
        if (key.size() != 1) {
            return false;
        }
        String column = key.fieldNames().next();
        return key.path(column).isInt()
                && WRITTEN.contains(keyspace + "." + table + " " + column + "=" + key.path(column).asInt());
    }

    /** Whether the change event is of any marker written to the table (its key holds the marker's key). */
    static boolean isMarker(String keyspace, String table, ChangeEvents.Event event) {
        for (Iterator<String> columns = event.key().fieldNames(); columns.hasNext(); ) {
            String column = columns.next();
            JsonNode value = event.key().path(column);
            if (value.isInt() && WRITTEN.contains(keyspace + "." + table + " " + column + "=" + value.asInt())) {
                return true;
            }
        }
        return false;
    }

    /** The next unused key whose JSON the producer's default partitioner puts on {@code partition}. */
    private static synchronized int freshKey(String column, int partition, int partitions) {
        for (int key = nextKey; ; key++) {
            if (partitionOf("{\"" + column + "\":" + key + "}", partitions) == partition) {
                nextKey = key + 1;
                return key;
            }
        }
    }

    /** The partition Kafka's default partitioner gives a record keyed by this partition key JSON. */
    static int partitionOf(String keyJson, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyJson.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Waits until the copy of every marker from each replica's publisher is on the raw topic;
     * returns, per raw partition, the offset of the last copy of its marker.
     */
    static Map<Integer, Long> awaitPublished(Sandbox sandbox, String keyspace, String table, Batch batch) {
        AtomicReference<String> missing = new AtomicReference<>("nothing read yet");
        Map<Integer, Long> lastCopy = new HashMap<>();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<JsonNode> changes = RawChanges.read(sandbox, keyspace, table);
                List<String> incomplete = new ArrayList<>();
                lastCopy.clear();
                for (Marker marker : batch.markers()) {
                    Set<String> nodes = new HashSet<>();
                    for (JsonNode change : changes) {
                        if (!marker.keyJson().equals(change.path("_kafkaKey").toString())) {
                            continue;
                        }
                        if (change.path("_partition").asInt() != marker.partition()) {
                            throw new AssertionError("marker " + marker + " is on partition "
                                    + change.path("_partition")
                                    + ": the publishers no longer place messages as Kafka's default partitioner does");
                        }
                        nodes.add(change.path("node").asText());
                        lastCopy.merge(marker.partition(), change.path("_offset").asLong(), Math::max);
                    }
                    if (nodes.size() < batch.replicas()) {
                        incomplete.add(marker + " from " + nodes);
                    }
                }
                missing.set(String.join(", ", incomplete));
                return incomplete.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("markers of " + keyspace + "." + table + " not published by " + batch.replicas()
                    + " publisher(s) within 3 min: " + missing.get(), e);
        }
        return lastCopy;
    }
}
