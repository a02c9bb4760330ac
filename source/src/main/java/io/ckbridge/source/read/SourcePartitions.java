package io.ckbridge.source.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The source partitions the connector stores offsets under, with their keys in a fixed order.
 * Kafka Connect finds an offset by the serialized bytes of its partition, and {@code Map.of}
 * iterates in an order that changes from one JVM to the next: after a worker restart the task
 * then asked under other bytes, missed the offset it had stored and read from an older one. The
 * order is a {@link HashMap}'s, the one the worker's offsets REST API ({@code GET
 * /connectors/<name>/offsets}) looks offsets up with after reading partitions back as maps:
 * under any other order it shows them as null.
 */
public final class SourcePartitions {
    private SourcePartitions() {
    }

    /** The partition of a table read incrementally. */
    public static Map<String, String> table(ResolvedRoute route) {
        Map<String, String> partition = new HashMap<>();
        partition.put("keyspace", route.table().getKeyspace().asInternal());
        partition.put("table", route.table().getName().asInternal());
        return fixed(partition);
    }

    /** The partition of one token-range slice of a bulk read. */
    public static Map<String, String> split(ResolvedRoute route, TokenSplit split) {
        Map<String, String> partition = new HashMap<>(table(route));
        partition.put("split", split.toString());
        return fixed(partition);
    }

    /** The entries in a HashMap's order (the same in every JVM for the same keys), kept so. */
    static Map<String, String> fixed(Map<String, String> partition) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(new HashMap<>(partition)));
    }

    /** The offset stored for {@code partition} (see {@link #storedOffsets}), or null. */
    public static Map<String, Object> storedOffset(OffsetStorageReader reader, Map<String, String> partition) {
        return storedOffsets(reader, List.of(partition)).get(partition);
    }

    /**
     * The offsets stored for {@code partitions}: under each partition's fixed key order, else
     * under another order (stored by versions before it was fixed). Connect reads the offsets
     * topic to its end on every call and a bulk read may have thousands of slices, so each order
     * is asked for all partitions in one call; one call never holds two orders of one partition,
     * as they are equal maps. Partitions without an offset are absent.
     */
    public static Map<Map<String, String>, Map<String, Object>> storedOffsets(OffsetStorageReader reader,
                                                                              List<Map<String, String>> partitions) {
        Map<Map<String, String>, Map<String, Object>> offsets = new HashMap<>();
        Map<List<String>, List<List<String>>> ordersByKeys = new HashMap<>();
        List<Map<String, String>> missing = new ArrayList<>(partitions);
        for (int round = 0; !missing.isEmpty(); round++) {
            List<Map<String, String>> asked = new ArrayList<>();
            for (Map<String, String> partition : missing) {
                List<List<String>> orders = ordersByKeys.computeIfAbsent(new ArrayList<>(partition.keySet()),
                        SourcePartitions::allOrders);
                if (round < orders.size()) {
                    Map<String, String> reordered = new LinkedHashMap<>();
                    orders.get(round).forEach(key -> reordered.put(key, partition.get(key)));
                    asked.add(reordered);
                }
            }
            if (asked.isEmpty()) {
                break;
            }
            Map<Map<String, String>, Map<String, Object>> found = reader.offsets(asked);
            missing.removeIf(partition -> {
                Map<String, Object> offset = found.get(partition);
                if (offset != null) {
                    offsets.put(partition, offset);
                }
                return offset != null;
            });
        }
        return offsets;
    }

    /** Every order of {@code keys}, the given one first. */
    private static List<List<String>> allOrders(List<String> keys) {
        List<List<String>> orders = new ArrayList<>();
        orders.add(List.copyOf(keys));
        orders.addAll(otherOrders(new ArrayList<>(keys)));
        return orders;
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
