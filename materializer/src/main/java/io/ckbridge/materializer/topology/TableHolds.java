package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChangeFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Changes of tables that cannot be applied yet, for one reason: Cassandra's schema, as the driver
 * knows it, does not have the table (a table's first writes can reach the materializer before its
 * schema reaches the driver), or the schema registry refuses the table's new schema. They wait in
 * the persistent {@code pending} store ({@code <prefix><table>|<sequence>}), so they survive
 * restarts and move with their task. Once a table has a held change, every later change of it waits behind (any key,
 * any partition of the task): they come out in the order they went in, the order they would have
 * been applied in, so no change overtakes an older one of its key.
 *
 * <p>When the schema is read again (with backoff, doubling up to a bound) and has the table, the
 * changes come out to be applied; a change still unknown after the hold time is given up on (the
 * caller dead-letters it), and the ones behind it keep waiting their own time.
 */
final class TableHolds {
    private static final StringSerializer KEYS = new StringSerializer();
    /** Changes of tables not in Cassandra's schema (yet). */
    static final String UNKNOWN_TABLE = "U|";
    /** Changes of tables whose new schema the schema registry refuses. */
    static final String REFUSED_SCHEMA = "R|";

    private final KeyValueStore<String, byte[]> store;
    private final String prefix;
    private final long backoffMs;
    private final long backoffMaxMs;
    /** The tables with held changes: asked of every change applied, so kept in memory. */
    private final Map<String, TableHold> tables = new HashMap<>();
    private long held;
    private long nextSequence;

    /** A held change: its raw message, the replica positions it was seen at, and since when it waits. */
    record Held(String key, RawMessage message, List<String> sources, long heldSinceMs) {
    }

    private static final class TableHold {
        long count;
        long nextTryMs;
        long backoffMs;

        TableHold(long nextTryMs, long backoffMs) {
            this.nextTryMs = nextTryMs;
            this.backoffMs = backoffMs;
        }
    }

    /** Reads what the store holds under {@code prefix}; the tables found are tried again at once ({@code nowMs}). */
    TableHolds(KeyValueStore<String, byte[]> store, String prefix, long backoffMs, long backoffMaxMs, long nowMs) {
        this.store = store;
        this.prefix = prefix;
        this.backoffMs = backoffMs;
        this.backoffMaxMs = Math.max(backoffMs, backoffMaxMs);
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(prefix, KEYS)) {
            while (all.hasNext()) {
                String key = all.next().key;
                int last = key.lastIndexOf('|');
                String table = key.substring(prefix.length(), last);
                tables.computeIfAbsent(table, t -> new TableHold(nowMs, backoffMs)).count++;
                held++;
                nextSequence = Math.max(nextSequence, Long.parseLong(key.substring(last + 1)) + 1);
            }
        }
    }

    /** Whether changes of the table wait: a later change of it must wait behind them. */
    boolean holds(String table) {
        return !tables.isEmpty() && tables.containsKey(table);
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Changes held, all tables. */
    long held() {
        return held;
    }

    /** Holds a change behind those of its table; a table's first is tried again after the initial backoff. */
    void hold(String table, RawMessage message, List<String> sources, long nowMs) {
        TableHold hold = tables.computeIfAbsent(table, t -> new TableHold(nowMs + backoffMs, backoffMs));
        ObjectNode header = RawChangeFormat.JSON.createObjectNode().put("h", nowMs);
        ArrayNode positions = header.putArray("s");
        sources.forEach(positions::add);
        store.put(prefix + table + "|" + SortableNumber.pad(nextSequence++, 20), message.encode(header));
        hold.count++;
        held++;
    }

    /** The tables due to be tried again. */
    List<String> due(long nowMs) {
        List<String> due = new ArrayList<>();
        tables.forEach((table, hold) -> {
            if (hold.nextTryMs <= nowMs) {
                due.add(table);
            }
        });
        return due;
    }

    /** The table still cannot be applied: the next try waits twice as long as the last (up to the bound). */
    void retryLater(String table, long nowMs) {
        TableHold hold = tables.get(table);
        if (hold != null) {
            hold.backoffMs = Math.min(backoffMaxMs, hold.backoffMs * 2);
            hold.nextTryMs = nowMs + hold.backoffMs;
        }
    }

    /** The table's changes are coming out: the rest at the next try, at once. */
    void continueAt(String table, long nowMs) {
        TableHold hold = tables.get(table);
        if (hold != null) {
            hold.nextTryMs = nowMs;
        }
    }

    /** Removes and returns the table's oldest held changes, at most {@code max}. */
    List<Held> take(String table, int max) {
        return take(table, max, Long.MAX_VALUE);
    }

    /**
     * Removes and returns, oldest first, up to {@code max} of the table's changes held since
     * {@code cutoffMs} or longer.
     */
    List<Held> takeHeldBefore(String table, long cutoffMs, int max) {
        return take(table, max, cutoffMs);
    }

    private List<Held> take(String table, int max, long heldBefore) {
        TableHold hold = tables.get(table);
        if (hold == null) {
            return List.of();
        }
        List<Held> taken = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = store.prefixScan(prefix + table + "|", KEYS)) {
            while (entries.hasNext() && taken.size() < max) {
                KeyValue<String, byte[]> next = entries.next();
                RawMessage.Stored stored = RawMessage.decode(next.value);
                long since = stored.header().path("h").asLong();
                if (since > heldBefore) {
                    break;
                }
                List<String> sources = new ArrayList<>();
                stored.header().path("s").forEach(source -> sources.add(source.asText()));
                taken.add(new Held(next.key, stored.message(), sources, since));
            }
        }
        taken.forEach(entry -> store.delete(entry.key()));
        hold.count -= taken.size();
        held -= taken.size();
        if (hold.count <= 0) {
            tables.remove(table);
        }
        return taken;
    }
}
