package io.ckbridge.materializer.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.rawchange.RawChange.Bound;
import java.util.List;

/** Whether a row's clustering key lies between the bounds of a range deletion, in Cassandra's order. */
public final class ClusteringRange {
    private ClusteringRange() {
    }

    public static boolean contains(TableInfo table, JsonNode clustering, Bound start, Bound end) {
        int fromStart = comparePrefix(table.clustering(), clustering, start.clustering());
        if (fromStart < 0 || fromStart == 0 && !start.inclusive()) {
            return false;
        }
        int fromEnd = comparePrefix(table.clustering(), clustering, end.clustering());
        return fromEnd < 0 || fromEnd == 0 && end.inclusive();
    }

    /** Compares a full clustering key with a bound's prefix over the prefix's columns (an empty prefix: 0). */
    private static int comparePrefix(List<ColumnInfo> columns, JsonNode clustering, JsonNode prefix) {
        for (ColumnInfo column : columns) {
            JsonNode bound = prefix.get(column.name());
            if (bound == null) {
                return 0;
            }
            int compared = ValueOrder.compare(column.type(), clustering.get(column.name()), bound);
            if (compared != 0) {
                return column.descending() ? -compared : compared;
            }
        }
        return 0;
    }
}
