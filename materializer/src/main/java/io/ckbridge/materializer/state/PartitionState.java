package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ckbridge.materializer.schema.ClusteringRange;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange.Bound;
import java.util.ArrayList;
import java.util.List;

/** The deletions of a partition: partition deletion and range deletions, kept for the tombstone retention. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class PartitionState {
    public long dt = RowState.NONE;
    public long dtAt;
    public List<RangeState> r = new ArrayList<>();

    /** The newest deletion covering a row with this clustering (static rows: partition deletion only). */
    public long floor(TableInfo table, com.fasterxml.jackson.databind.JsonNode clustering) {
        long floor = dt;
        if (clustering != null) {
            for (RangeState range : r) {
                if (range.t > floor && ClusteringRange.contains(table, clustering, new Bound(range.s, range.si), new Bound(range.e, range.ei))) {
                    floor = range.t;
                }
            }
        }
        return floor;
    }

    /** Drops deletions applied longer ago than the retention; true when the state is then empty. */
    public boolean expire(long olderThanWallMs) {
        r.removeIf(range -> range.at < olderThanWallMs);
        if (dt != RowState.NONE && dtAt < olderThanWallMs) {
            dt = RowState.NONE;
        }
        return dt == RowState.NONE && r.isEmpty();
    }
}
