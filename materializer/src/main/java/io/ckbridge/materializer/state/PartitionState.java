package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.materializer.schema.ClusteringRange;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange.Bound;
import java.util.ArrayList;
import java.util.List;

/**
 * The deletions of a partition: partition deletion and range deletions, kept for the tombstone
 * retention. The names in {@code @JsonProperty} are the stored form (see {@link RowState}).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class PartitionState {
    /** Partition deletion timestamp (µs). */
    @JsonProperty("dt")
    long deletionTs = RowState.NONE;
    /** When the partition deletion was applied (wall ms). */
    @JsonProperty("dtAt")
    long deletionAppliedAtWallMs;
    @JsonProperty("r")
    List<RangeState> ranges = new ArrayList<>();

    /** The newest deletion covering a row with this clustering (static rows: partition deletion only). */
    public long floor(TableInfo table, JsonNode clustering) {
        long floor = deletionTs;
        if (clustering != null) {
            for (RangeState range : ranges) {
                if (range.ts > floor && ClusteringRange.contains(table, clustering,
                        new Bound(range.start, range.startInclusive), new Bound(range.end, range.endInclusive))) {
                    floor = range.ts;
                }
            }
        }
        return floor;
    }

    /** Drops deletions applied longer ago than the retention; true when the state is then empty. */
    public boolean expire(long olderThanWallMs) {
        ranges.removeIf(range -> range.appliedAtWallMs < olderThanWallMs);
        if (deletionTs != RowState.NONE && deletionAppliedAtWallMs < olderThanWallMs) {
            deletionTs = RowState.NONE;
        }
        return deletionTs == RowState.NONE && ranges.isEmpty();
    }
}
