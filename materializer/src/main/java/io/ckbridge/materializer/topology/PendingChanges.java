package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChangeFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * (The changes of tables not in the schema wait in the same store: {@link TableHolds}.)
 * The {@code seen} window store remembers each digest for the dedup window: buffered (with its
 * buffer key) or applied.
 */
final class PendingChanges {
    private static final StringSerializer KEYS = new StringSerializer();
    private static final String APPLIED = "A";
    /** Digests remembered in memory: at thousands of writes a second, well over the time copies take to arrive. */
    private static final int RECENT_DIGESTS = 50_000;

    private final KeyValueStore<String, byte[]> pending;
    private final WindowStore<String, String> seen;
    private final long dedupWindowMs;
    /**
     * The reorder window, in key (write-time) order; the store holds the same entries for restarts and is read only at
     * start.
     */
    private final TreeMap<String, BufferedChange> window = new TreeMap<>();
    /** What {@code seen} says of recent digests (written through), so a copy rarely needs a window-store lookup. */
    private final Map<String, String> recentDigests = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > RECENT_DIGESTS;
        }
    };

    /** The snapshots running ({@code C|} entries of the store, written through): asked of every message. */
    private final Map<String, RunningSnapshot> snapshots = new HashMap<>();
    private long heldForSnapshots;

    /** A snapshot running on a partition: when it last sent something there, and the changes held for it. */
    private static final class RunningSnapshot {
        final String table;
        final int partition;
        final String id;
        long lastActiveMs;
        long held;

        RunningSnapshot(String table, int partition, String id, long lastActiveMs) {
            this.table = table;
            this.partition = partition;
            this.id = id;
            this.lastActiveMs = lastActiveMs;
        }
    }

    /** A snapshot that has sent nothing to its partition for a while. */
    record IdleSnapshot(String table, int partition, String snapshotId, long idleMs, long held) {
    }

    /** A change ready to apply: its raw message (as read, and parsed) and the positions of the copies that arrived. */
    record Entry(String key, RawMessage message, ObjectNode raw, List<String> positions, String digest,
            long arrivedMs) {
        String keyText() {
            return message.key();
        }

        long recordTs() {
            return message.timestamp();
        }
    }

    enum Admission { NEW, COPY, APPLIED_BEFORE }

    /**
     * Reads what the store holds; a snapshot found running counts as active at {@code nowMs} (a
     * restart, however long, is no silence of the snapshot's).
     */
    PendingChanges(KeyValueStore<String, byte[]> pending, WindowStore<String, String> seen, long dedupWindowMs,
            long nowMs) {
        this.pending = pending;
        this.seen = seen;
        this.dedupWindowMs = dedupWindowMs;
        try (KeyValueIterator<String, byte[]> all = pending.prefixScan("B|", KEYS)) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> next = all.next();
                window.put(next.key, BufferedChange.decode(next.value));
            }
        }
        try (KeyValueIterator<String, byte[]> all = pending.prefixScan("C|", KEYS)) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> next = all.next();
                String tableAndPartition = next.key.substring(2);
                int bar = tableAndPartition.lastIndexOf('|');
                snapshots.put(next.key, new RunningSnapshot(tableAndPartition.substring(0, bar),
                        Integer.parseInt(tableAndPartition.substring(bar + 1)), new String(next.value,
                        StandardCharsets.UTF_8), nowMs));
            }
        }
        try (KeyValueIterator<String, byte[]> all = pending.prefixScan("H|", KEYS)) {
            while (all.hasNext()) {
                String key = all.next().key;
                RunningSnapshot snapshot = snapshots.get("C|" + key.substring(2, key.lastIndexOf('|')));
                if (snapshot != null) {
                    snapshot.held++;
                    heldForSnapshots++;
                }
            }
        }
    }

    /**
     * What is known of a digest: new, a copy of a buffered change (its position is added; see
     * {@link #headComplete}), or applied before.
     */
    Admission admit(String digest, long recordTs, String position) {
        String known = recentDigests.get(digest);
        if (known == null) {
            known = lookup(digest, recordTs);
            if (known != null) {
                recentDigests.put(digest, known);
            }
        }
        if (known == null) {
            return Admission.NEW;
        }
        BufferedChange waiting = APPLIED.equals(known) ? null : window.get(known);
        if (waiting == null) {
            return Admission.APPLIED_BEFORE; // marked applied, or its buffer entry was applied and removed
        }
        // Kept in memory, not rewritten to the store (and its changelog) per copy: the positions
        // only inform the event's source, and after a restart the first copy's remains.
        waiting.addCopy(position);
        return Admission.COPY;
    }

    /**
     * Puts a new change in the reorder window; {@code raw} is {@code message} parsed; with copies
     * from {@code replicas} nodes it may leave early (0: it waits).
     */
    void buffer(String digest, long writeTs, RawMessage message, ObjectNode raw, String position, long nowMs,
            int replicas) {
        String key = "B|" + SortableNumber.pad(Math.max(0, writeTs), 20) + "|" + digest;
        List<String> positions = new ArrayList<>(3);
        positions.add(position);
        BufferedChange change = new BufferedChange(nowMs, message, digest, raw, positions, replicas);
        pending.put(key, change.encode());
        window.put(key, change);
        seen.put(digest, key, message.timestamp());
        recentDigests.put(digest, key);
    }

    void applied(String digest, long recordTs) {
        if (digest != null) {
            seen.put(digest, APPLIED, recordTs);
            recentDigests.put(digest, APPLIED);
        }
    }

    /**
     * Removes and returns, in write-time order, the buffered changes that waited {@code windowMs}
     * or are complete (a copy from every replica arrived); stops at the first that is neither (a
     * later one may be older in write time than what comes).
     * With {@code overflow} the oldest are taken anyway until the buffer is back under it.
     */
    List<Entry> ready(long nowMs, long windowMs, int overflow) {
        return ready(nowMs, windowMs, overflow, Integer.MAX_VALUE);
    }

    /** As {@link #ready(long, long, int)}, but at most {@code max} changes: the rest stay for the next call. */
    List<Entry> ready(long nowMs, long windowMs, int overflow, int max) {
        List<Entry> ready = new ArrayList<>();
        Iterator<Map.Entry<String, BufferedChange>> entries = window.entrySet().iterator();
        while (entries.hasNext() && ready.size() < max) {
            Map.Entry<String, BufferedChange> next = entries.next();
            boolean waited = next.getValue().arrivedMs + windowMs <= nowMs || next.getValue().complete();
            if (!waited && window.size() <= overflow) {
                break;
            }
            ready.add(next.getValue().entry(next.getKey()));
            entries.remove();
            pending.delete(next.getKey());
        }
        return ready;
    }

    /** Whether the oldest buffered change has its copies from every replica: it, and maybe more, can be applied now. */
    boolean headComplete() {
        return !window.isEmpty() && window.firstEntry().getValue().complete();
    }

    long buffered() {
        return window.size();
    }

    /** The snapshot running for a table's partition, or null. */
    String snapshot(String table, int partition) {
        if (snapshots.isEmpty()) {
            return null;
        }
        RunningSnapshot running = snapshots.get(snapshotKey(table, partition));
        return running == null ? null : running.id;
    }

    /** A snapshot starts on a partition; one that ran there is replaced, the changes held for it are kept. */
    void startSnapshot(String table, int partition, String snapshotId, long nowMs) {
        String key = snapshotKey(table, partition);
        pending.put(key, snapshotId.getBytes(StandardCharsets.UTF_8));
        RunningSnapshot started = new RunningSnapshot(table, partition, snapshotId, nowMs);
        RunningSnapshot replaced = snapshots.put(key, started);
        if (replaced != null) {
            started.held = replaced.held;
        }
    }

    /** The snapshot sent a row to the partition: it is alive. */
    void snapshotActive(String table, int partition, String snapshotId, long nowMs) {
        if (!snapshots.isEmpty()) {
            RunningSnapshot running = snapshots.get(snapshotKey(table, partition));
            if (running != null && running.id.equals(snapshotId)) {
                running.lastActiveMs = nowMs;
            }
        }
    }

    /** The snapshots that sent nothing to their partition (start marker, row) for {@code timeoutMs} or longer. */
    List<IdleSnapshot> idleSnapshots(long nowMs, long timeoutMs) {
        List<IdleSnapshot> idle = new ArrayList<>();
        for (RunningSnapshot running : snapshots.values()) {
            if (nowMs - running.lastActiveMs >= timeoutMs) {
                idle.add(new IdleSnapshot(running.table, running.partition, running.id, nowMs - running.lastActiveMs,
                        running.held));
            }
        }
        return idle;
    }

    /** Changes held now for the snapshots running, all tables. */
    long heldForSnapshots() {
        return heldForSnapshots;
    }

    private static String snapshotKey(String table, int partition) {
        return "C|" + table + "|" + partition;
    }

    /** Holds a change of a table whose snapshot runs on the message's partition, by its offset. */
    void hold(String table, RawMessage message) {
        pending.put("H|" + table + "|" + message.partition() + "|" + SortableNumber.pad(message.offset(), 20),
                message.encode(RawChangeFormat.JSON.createObjectNode()));
        RunningSnapshot running = snapshots.get(snapshotKey(table, message.partition()));
        if (running != null) {
            running.held++;
            heldForSnapshots++;
        }
    }

    /** Ends the snapshot and returns the changes held meanwhile, in arrival order. */
    List<Entry> endSnapshot(String table, int partition) {
        String key = snapshotKey(table, partition);
        pending.delete(key);
        RunningSnapshot ended = snapshots.remove(key);
        if (ended != null) {
            heldForSnapshots -= ended.held;
        }
        List<Entry> held = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = pending.prefixScan("H|" + table + "|" + partition + "|",
                KEYS)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> next = entries.next();
                RawMessage.Stored stored = RawMessage.decode(next.value);
                held.add(new Entry(next.key, stored.message(), stored.tree(), List.of(), null, 0));
            }
        }
        held.forEach(entry -> pending.delete(entry.key()));
        return held;
    }

    private String lookup(String digest, long recordTs) {
        String value = null;
        try (WindowStoreIterator<String> found = seen.fetch(digest, recordTs - dedupWindowMs, recordTs
                + dedupWindowMs)) {
            while (found.hasNext()) {
                value = found.next().value;
            }
        }
        return value;
    }
}
