package io.ckbridge.materializer.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange.Bound;
import java.util.List;

/**
 * One change event of a row (or of a partition's static row, or a partition or range deletion).
 *
 * @param op        c (a new row), u (update), d (delete), r (read by a snapshot)
 * @param ts        the row's newest write time after the change (µs): never goes back for a key
 * @param key       the primary key (clustering columns absent for partition, range and static events)
 * @param before    the full row before, or null
 * @param after     the full row after, or null
 * @param source    where the change came from
 * @param scope     row, static, partition or range
 * @param range     the bounds of a range deletion, else null
 */
public record ChangeEvent(TableInfo table, String op, long ts, ObjectNode key, ObjectNode before, ObjectNode after,
                          Source source, String schemaVersion, String scope, Range range) {

    /**
     * @param nodes     the replicas whose copy of the write had arrived when the event was made
     * @param positions node:segment:position of each copy
     * @param writeTs   the write time of the change itself (µs)
     * @param snapshot  read by a snapshot rather than from the commit log
     */
    public record Source(List<String> nodes, List<String> positions, long writeTs, boolean snapshot) {
    }

    public record Range(Bound start, Bound end) {
    }
}
