package io.ckbridge.materializer.topology;

import io.ckbridge.materializer.state.RowStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Row states in a Kafka Streams key-value store (RocksDB, backed by a changelog topic). */
final class KvRowStore implements RowStore {
    private static final StringSerializer KEYS = new StringSerializer();
    private final KeyValueStore<String, byte[]> store;

    KvRowStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(String key) {
        return store.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        store.put(key, value);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public Map<String, byte[]> withPrefix(String prefix) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> iterator = store.prefixScan(prefix, KEYS)) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                entries.put(entry.key, entry.value);
            }
        }
        return entries;
    }
}
