package io.ckbridge.source.read;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where incremental reading stands: the boundary time, and which rows at exactly that time were
 * sent. A row at the boundary time was sent if its key is in {@code keys}, or if {@code after}
 * is set and the row is not past it in {@link RowPosition}'s order. Rows later than the boundary
 * were not sent; earlier ones were.
 *
 * <p>The key set catches a row written late with exactly the boundary time, whatever its key;
 * it is kept to a configured size, and beyond that the boundary is {@code after}, one position,
 * exact because rows are sent in that order (see {@link IncrementalCursor}).
 *
 * @param after null while the keys alone tell the rows sent at the boundary time
 */
record Boundary(long millis, Set<String> keys, RowPosition after) {
    static final String TS = "ts";
    /** Connect offsets hold only primitive values: the keys travel as one JSON array in a string. */
    static final String KEYS = "keys";
    static final String AFTER_KEY = "after";
    static final String AFTER_TIMEUUID = "after.timeuuid";

    Boundary {
        keys = Set.copyOf(keys);
    }

    /** Nothing sent at {@code millis} yet. */
    static Boundary at(long millis) {
        return new Boundary(millis, Set.of(), null);
    }

    boolean sent(RowPosition row) {
        if (row.millis() != millis) {
            return row.millis() < millis;
        }
        return keys.contains(row.key()) || after != null && row.compareTo(after) <= 0;
    }

    /**
     * The boundary in a stored offset: {@code ts} and {@code keys}, as every version stored it,
     * and {@code after} (with {@code after.timeuuid} for timeuuid columns) from this one on.
     * Null when no offset is stored.
     */
    static Boundary stored(Map<String, Object> offset) {
        if (offset == null || !(offset.get(TS) instanceof Number ts)) {
            return null;
        }
        Set<String> keys = BoundaryKeys.decode(offset.get(KEYS));
        RowPosition after = null;
        if (offset.get(AFTER_KEY) instanceof String key) {
            UUID timeuuid = offset.get(AFTER_TIMEUUID) instanceof String uuid ? UUID.fromString(uuid) : null;
            after = new RowPosition(ts.longValue(), timeuuid, key);
        }
        return new Boundary(ts.longValue(), keys, after);
    }

    /** This boundary into {@code offset}, with {@code encodedKeys} the text of {@link #keys}. */
    void storeIn(Map<String, Object> offset, String encodedKeys) {
        offset.put(TS, millis);
        offset.put(KEYS, encodedKeys);
        if (after != null) {
            offset.put(AFTER_KEY, after.key());
            if (after.timeuuid() != null) {
                offset.put(AFTER_TIMEUUID, after.timeuuid().toString());
            }
        }
    }
}
