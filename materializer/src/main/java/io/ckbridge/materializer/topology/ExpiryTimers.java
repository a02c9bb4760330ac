package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.state.ChangeApplier;
import io.ckbridge.materializer.state.StateKeys;
import io.ckbridge.rawchange.RawChangeFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When rows must be looked at again, in the persistent {@code timers} store, sorted by time:
 * {@code E|<second>|<row key>} when a cell or row marker expires (its value: the partition
 * prefix), {@code P|<ms>|<key>} when a deleted row may be dropped.
 */
final class ExpiryTimers implements ChangeApplier.Timers {
    private final KeyValueStore<String, byte[]> store;

    /** A timer that is due. */
    record Due(String storeKey, boolean purge, long atSec, String prefix, String rowKey) {
        String keyspace() {
            return qualifiedTable().substring(0, qualifiedTable().indexOf('.'));
        }

        String table() {
            return qualifiedTable().substring(qualifiedTable().indexOf('.') + 1);
        }

        private String qualifiedTable() {
            return StateKeys.qualifiedTable(prefix);
        }

        ObjectNode partitionKey() {
            try {
                return (ObjectNode) RawChangeFormat.JSON.readTree(StateKeys.partitionKeyText(prefix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    ExpiryTimers(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public void expiry(long expiresAtSec, String prefix, String rowKey) {
        store.put("E|" + SortableNumber.pad(expiresAtSec, 12) + "|" + rowKey, prefix.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void purge(long atWallMs, String key) {
        store.put("P|" + SortableNumber.pad(atWallMs, 15) + "|" + key, new byte[0]);
    }

    /** Removes and returns the timers due at {@code nowMs}, expiries first, each kind in time order. */
    List<Due> due(long nowMs) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> expiries = store.range("E|", "E|" + SortableNumber.pad(nowMs / 1000, 12)
                + "|\uffff")) {
            while (expiries.hasNext()) {
                KeyValue<String, byte[]> next = expiries.next();
                String rest = next.key.substring(2);
                long at = Long.parseLong(rest.substring(0, 12));
                due.add(new Due(next.key, false, at, new String(next.value, StandardCharsets.UTF_8),
                        rest.substring(13)));
            }
        }
        try (KeyValueIterator<String, byte[]> purges = store.range("P|", "P|" + SortableNumber.pad(nowMs, 15)
                + "|\uffff")) {
            while (purges.hasNext()) {
                KeyValue<String, byte[]> next = purges.next();
                String rest = next.key.substring(2);
                due.add(new Due(next.key, true, Long.parseLong(rest.substring(0, 15)) / 1000, null,
                        rest.substring(16)));
            }
        }
        due.forEach(timer -> store.delete(timer.storeKey()));
        return due;
    }
}
