package io.ckbridge.source.read;

import java.util.Comparator;
import java.util.UUID;

/**
 * Where a row stands in the order incremental mode sends rows in: by time, then (timeuuid
 * columns) by the timeuuid, then by the primary key's text. The order is total and the same in
 * every poll, so "every row up to this one was sent" is a position an offset can hold.
 *
 * @param timeuuid the row's timeuuid, or null when the column is a timestamp
 */
record RowPosition(long millis, UUID timeuuid, String key) implements Comparable<RowPosition> {
    private static final Comparator<RowPosition> ORDER = Comparator.comparingLong(RowPosition::millis)
            .thenComparing(RowPosition::timeuuid, Comparator.nullsFirst(
                    Comparator.comparingLong(UUID::timestamp).thenComparing(UUID::toString)))
            .thenComparing(RowPosition::key);

    @Override
    public int compareTo(RowPosition other) {
        return ORDER.compare(this, other);
    }
}
