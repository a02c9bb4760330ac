package io.ckbridge.materializer.state;

import java.util.Map;

/** The row states of one task, as bytes by key ({@link StateKeys}). */
public interface RowStore {
    byte[] get(String key);

    void put(String key, byte[] value);

    void delete(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    Map<String, byte[]> withPrefix(String prefix);
}
