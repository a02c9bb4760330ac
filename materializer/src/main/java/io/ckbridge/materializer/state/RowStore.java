package io.ckbridge.materializer.state;

import java.util.Map;

/**
 * The row states of one task, as bytes by key. Keys sort so that a partition's rows are
 * contiguous: {@code <keyspace>.<table>|<partition key JSON>|} then {@code P} (its deletions),
 * {@code S} (its static row) or {@code R<clustering JSON>} (a row).
 */
public interface RowStore {
    byte[] get(String key);

    void put(String key, byte[] value);

    void delete(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    Map<String, byte[]> withPrefix(String prefix);

    static String partitionPrefix(String qualifiedTable, String keyText) {
        return qualifiedTable + "|" + keyText + "|";
    }
}
