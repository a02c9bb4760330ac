package io.ckbridge.source.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The source partitions the connector stores offsets under, with their keys in a fixed order.
 * Kafka Connect finds an offset by the serialized bytes of its partition, and {@code Map.of}
 * iterates in an order that changes from one JVM to the next: after a worker restart the task
 * then asked under other bytes, missed the offset it had stored and read from an older one.
 */
public final class SourcePartitions {
    private SourcePartitions() {
    }

    /** The partition of a table read incrementally. */
    public static Map<String, String> table(ResolvedRoute route) {
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("keyspace", route.table().getKeyspace().asInternal());
        partition.put("table", route.table().getName().asInternal());
        return Collections.unmodifiableMap(partition);
    }

    /** The partition of one token-range slice of a bulk read. */
    public static Map<String, String> split(ResolvedRoute route, TokenSplit split) {
        Map<String, String> partition = new LinkedHashMap<>(table(route));
        partition.put("split", split.toString());
        return Collections.unmodifiableMap(partition);
    }

    /**
     * The offset stored for {@code partition}; when there is none under its fixed key order, the
     * one stored under another order (by versions before it was fixed), or null.
     */
    public static Map<String, Object> storedOffset(OffsetStorageReader reader, Map<String, String> partition) {
        Map<String, Object> offset = reader.offset(partition);
        if (offset != null) {
            return offset;
        }
        for (List<String> keys : otherOrders(new ArrayList<>(partition.keySet()))) {
            Map<String, String> reordered = new LinkedHashMap<>();
            keys.forEach(key -> reordered.put(key, partition.get(key)));
            offset = reader.offset(reordered);
            if (offset != null) {
                return offset;
            }
        }
        return null;
    }

    /** Every order of {@code keys} but the given one. */
    static List<List<String>> otherOrders(List<String> keys) {
        List<List<String>> orders = new ArrayList<>();
        permute(keys, 0, orders);
        orders.remove(keys);
        return orders;
    }

    private static void permute(List<String> keys, int from, List<List<String>> orders) {
        if (from == keys.size()) {
            orders.add(List.copyOf(keys));
            return;
        }
        for (int i = from; i < keys.size(); i++) {
            Collections.swap(keys, from, i);
            permute(keys, from + 1, orders);
            Collections.swap(keys, from, i);
        }
    }
}
