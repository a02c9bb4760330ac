package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.raw.RawChangeParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The changes of a task that are not applied yet, in its persistent {@code pending} store:
 * <ul>
 *   <li>the reorder window ({@code B|<write time>|<digest>}): a change waits there for its copies
 *       from other replicas, whose positions it collects, and for older writes, so changes are
 *       applied in write-time order;</li>
 *   <li>changes held while a snapshot of their table runs ({@code H|<table>|<partition>|<offset>});</li>
 *   <li>the snapshot in progress per table and partition ({@code C|<table>|<partition>}).</li>
 * </ul>
 * The {@code seen} window store remembers each digest for the dedup window: buffered (with its
 * buffer key) or applied.
 */
final class PendingChanges {
    private static final StringSerializer KEYS = new StringSerializer();
    private static final String APPLIED = "A";

    private final KeyValueStore<String, byte[]> pending;
    private final WindowStore<String, String> seen;
    private final long dedupWindowMs;
    private final Map<String, List<String>> copyPositions = new HashMap<>();
    private long buffered;

    /** A change ready to apply: its raw message and the positions of the copies that arrived. */
    record Entry(String key, String keyText, ObjectNode raw, List<String> positions, String digest, long recordTs, long arrivedMs) {
    }

    enum Admission { NEW, COPY, APPLIED_BEFORE }

    PendingChanges(KeyValueStore<String, byte[]> pending, WindowStore<String, String> seen, long dedupWindowMs) {
        this.pending = pending;
        this.seen = seen;
        this.dedupWindowMs = dedupWindowMs;
        try (KeyValueIterator<String, byte[]> all = pending.prefixScan("B|", KEYS)) {
            while (all.hasNext()) {
                all.next();
                buffered++;
            }
        }
    }

    /** What is known of a digest: new, a copy of a buffered change (its position is added), or applied before. */
    Admission admit(String digest, long recordTs, String position) {
        String known = lookup(digest, recordTs);
        if (known == null) {
            return Admission.NEW;
        }
        if (APPLIED.equals(known)) {
            return Admission.APPLIED_BEFORE;
        }
        if (pending.get(known) == null) {
            return Admission.APPLIED_BEFORE; // its buffer entry was applied and removed
        }
        // Kept in memory, not rewritten to the store (and its changelog) per copy: the positions
        // only inform the event's source, and after a restart the first copy's remains.
        copyPositions.computeIfAbsent(known, k -> new ArrayList<>(2)).add(position);
        return Admission.COPY;
    }

    void buffer(String digest, long writeTs, long recordTs, String keyText, ObjectNode raw, String position, long nowMs) {
        String key = "B|" + String.format("%020d", Math.max(0, writeTs)) + "|" + digest;
        ObjectNode entry = RawChangeParser.JSON.createObjectNode();
        entry.put("a", nowMs).put("t", recordTs).put("k", keyText).put("d", digest);
        entry.set("c", raw);
        entry.putArray("s").add(position);
        pending.put(key, write(entry));
        seen.put(digest, key, recordTs);
        buffered++;
    }

    void applied(String digest, long recordTs) {
        if (digest != null) {
            seen.put(digest, APPLIED, recordTs);
        }
    }

    /**
     * Removes and returns, in write-time order, the buffered changes that waited {@code windowMs};
     * stops at the first that has not (a later one may be older in write time than what comes).
     * With {@code overflow} the oldest are taken anyway until the buffer is back under it.
     */
    List<Entry> ready(long nowMs, long windowMs, int overflow) {
        List<Entry> ready = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = pending.prefixScan("B|", KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> next = entries.next();
                ObjectNode entry = read(next.value);
                boolean waited = entry.path("a").asLong() + windowMs <= nowMs;
                if (!waited && buffered - ready.size() <= overflow) {
                    break;
                }
                ready.add(entry(next.key, entry));
            }
        }
        for (Entry entry : ready) {
            pending.delete(entry.key());
            copyPositions.remove(entry.key());
            buffered--;
        }
        return ready;
    }

    long buffered() {
        return buffered;
    }

    /** The snapshot running for a table's partition, or null. */
    String snapshot(String table, int partition) {
        byte[] id = pending.get("C|" + table + "|" + partition);
        return id == null ? null : new String(id, java.nio.charset.StandardCharsets.UTF_8);
    }

    void startSnapshot(String table, int partition, String snapshotId) {
        pending.put("C|" + table + "|" + partition, snapshotId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void hold(String table, int partition, long offset, String keyText, ObjectNode raw, long recordTs) {
        ObjectNode entry = RawChangeParser.JSON.createObjectNode();
        entry.put("t", recordTs).put("k", keyText);
        entry.set("c", raw);
        pending.put("H|" + table + "|" + partition + "|" + String.format("%020d", offset), write(entry));
    }

    /** Ends the snapshot and returns the changes held meanwhile, in arrival order. */
    List<Entry> endSnapshot(String table, int partition) {
        pending.delete("C|" + table + "|" + partition);
        List<Entry> held = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = pending.prefixScan("H|" + table + "|" + partition + "|", KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> next = entries.next();
                held.add(entry(next.key, read(next.value)));
            }
        }
        held.forEach(entry -> pending.delete(entry.key()));
        return held;
    }

    private String lookup(String digest, long recordTs) {
        String value = null;
        try (WindowStoreIterator<String> found = seen.fetch(digest, recordTs - dedupWindowMs, recordTs + dedupWindowMs)) {
            while (found.hasNext()) {
                value = found.next().value;
            }
        }
        return value;
    }

    private Entry entry(String key, ObjectNode entry) {
        List<String> positions = new ArrayList<>();
        entry.path("s").forEach(position -> positions.add(position.asText()));
        positions.addAll(copyPositions.getOrDefault(key, List.of()));
        JsonNode digest = entry.get("d");
        return new Entry(key, entry.path("k").asText(), (ObjectNode) entry.get("c"), positions,
                digest == null ? null : digest.asText(), entry.path("t").asLong(), entry.path("a").asLong());
    }

    private static ObjectNode read(byte[] bytes) {
        try {
            return (ObjectNode) RawChangeParser.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(ObjectNode entry) {
        try {
            return RawChangeParser.JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
