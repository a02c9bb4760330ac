package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class SourcePartitionsTest {
    /** Finds offsets as Connect does: by the partition's entries in iteration order (its serialized bytes). */
    private static final class ByBytes implements OffsetStorageReader {
        private final Map<String, Map<String, Object>> stored = new HashMap<>();
        int calls;

        void store(Map<String, String> partition, Map<String, Object> offset) {
            stored.put(bytes(partition), offset);
        }

        private static String bytes(Map<String, ?> partition) {
            return new ArrayList<>(partition.entrySet()).toString();
        }

        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return stored.get(bytes(partition));
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            calls++;
            Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
            partitions.forEach(partition -> found.put(partition, offset(partition)));
            return found;
        }
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> partition = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            partition.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return partition;
    }

    @Test
    void anOffsetStoredUnderAnotherKeyOrderIsStillFound() {
        ByBytes reader = new ByBytes();
        reader.store(ordered("table", "t", "keyspace", "ks"), Map.of("ts", 42L));

        assertThat(reader.offset(ordered("keyspace", "ks", "table", "t"))).as("Connect itself does not find it")
                .isNull();
        assertThat(SourcePartitions.storedOffset(reader, ordered("keyspace", "ks", "table", "t")))
                .containsEntry("ts", 42L);
    }

    @Test
    void theOffsetUnderTheFixedOrderWins() {
        ByBytes reader = new ByBytes();
        reader.store(ordered("table", "t", "keyspace", "ks"), Map.of("ts", 1L));
        reader.store(ordered("keyspace", "ks", "table", "t"), Map.of("ts", 2L));

        assertThat(SourcePartitions.storedOffset(reader, ordered("keyspace", "ks", "table", "t")))
                .containsEntry("ts", 2L);
        assertThat(SourcePartitions.storedOffset(reader, ordered("keyspace", "ks", "table", "other"))).isNull();
    }

    @Test
    void otherOrdersAreEveryPermutationButTheGivenOne() {
        List<List<String>> orders = SourcePartitions.otherOrders(new ArrayList<>(List.of("keyspace", "table",
                "split")));

        assertThat(orders).hasSize(5).doesNotContain(List.of("keyspace", "table", "split")).doesNotHaveDuplicates()
                .contains(List.of("split", "table", "keyspace"));
    }

    @Test
    void offsetsOfManySlicesAreAskedInOneCallPerKeyOrder() {
        ByBytes reader = new ByBytes();
        List<Map<String, String>> partitions = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            partitions.add(ordered("keyspace", "ks", "table", "t", "split", "s" + i));
        }
        reader.store(ordered("keyspace", "ks", "table", "t", "split", "s1"), Map.of("at", 1L));
        reader.store(ordered("split", "s2", "table", "t", "keyspace", "ks"), Map.of("at", 2L));
        reader.store(ordered("table", "t", "keyspace", "ks", "split", "s3"), Map.of("at", 3L));

        Map<Map<String, String>, Map<String, Object>> offsets = SourcePartitions.storedOffsets(reader, partitions);

        assertThat(offsets).hasSize(3);
        assertThat(offsets.get(partitions.get(1))).containsEntry("at", 1L);
        assertThat(offsets.get(partitions.get(2))).containsEntry("at", 2L);
        assertThat(offsets.get(partitions.get(3))).containsEntry("at", 3L);
        assertThat(reader.calls).as("one call per key order, not per slice").isEqualTo(6);
    }

    @Test
    void partitionsIterateInTheOrderConnectLooksThemUpWith() {
        // Connect's offsets API reads partitions back as HashMaps and asks under their bytes
        Map<String, String> readBack = new java.util.HashMap<>(ordered("table", "t", "split", "1:2", "keyspace", "ks"));

        assertThat(List.copyOf(SourcePartitions.fixed(readBack).keySet()))
                .containsExactlyElementsOf(List.copyOf(readBack.keySet()))
                .containsExactly("keyspace", "split", "table");
    }
}
