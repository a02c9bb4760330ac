package io.ckbridge.materializer.state;

import io.ckbridge.rawchange.RawChange.Cleared;
import io.ckbridge.rawchange.RawChange.Liveness;
import io.ckbridge.rawchange.RawChange.RawCell;
import io.ckbridge.rawchange.RawChange.RawRow;

/**
 * Merges a raw row into a row's state by Cassandra's rules: per cell the newest write wins, a
 * deletion hides everything written at or before it. A copy of a change already merged (from
 * another replica) changes nothing, and neither does an older write whose cells lost.
 */
public final class RowMerger {
    private RowMerger() {
    }

    /**
     * Applies {@code raw} to {@code row} under the partition's deletions ({@code outerFloor}).
     *
     * @return whether any part of it was newer than the state: the row changed
     */
    public static boolean apply(RowState row, RawRow raw, long outerFloor) {
        boolean changed = false;
        if (raw.deletion() != null && raw.deletion().ts() > row.deletionTs) {
            row.deletionTs = raw.deletion().ts();
            dropShadowed(row, row.deletionTs);
            row.newestTs = Math.max(row.newestTs, row.deletionTs);
            changed = true;
        }
        long floor = Math.max(row.deletionTs, outerFloor);
        Liveness liveness = raw.liveness();
        if (liveness != null && liveness.ts() > floor && markerSupersedes(liveness, row)) {
            row.markerTs = liveness.ts();
            row.markerTtl = liveness.ttl();
            row.markerExpiresAt = liveness.expiresAt();
            row.newestTs = Math.max(row.newestTs, row.markerTs);
            changed = true;
        }
        for (Cleared clear : raw.cleared()) {
            CollectionState complex = row.collections.computeIfAbsent(clear.column(), k -> new CollectionState());
            if (clear.ts() > complex.clearedTs && clear.ts() > floor) {
                complex.clearedTs = clear.ts();
                complex.elements.values().removeIf(element -> element.ts <= complex.clearedTs);
                row.newestTs = Math.max(row.newestTs, complex.clearedTs);
                changed = true;
            }
        }
        for (RawCell cell : raw.cells()) {
            if (cell.ts() <= floor) {
                continue; // deleted before it arrived
            }
            CellState incoming = CellState.of(cell);
            if (cell.path() == null) {
                if (incoming.supersedes(row.cells.get(cell.column()))) {
                    row.cells.put(cell.column(), incoming);
                    row.newestTs = Math.max(row.newestTs, incoming.ts);
                    changed = true;
                }
            } else {
                CollectionState complex = row.collections.computeIfAbsent(cell.column(), k -> new CollectionState());
                String path = cell.path().toString();
                if (cell.ts() > complex.clearedTs && incoming.supersedes(complex.elements.get(path))) {
                    complex.elements.put(path, incoming);
                    row.newestTs = Math.max(row.newestTs, incoming.ts);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** A partition or range deletion reached the row: what it hides is dropped; true when anything was. */
    public static boolean deleteUpTo(RowState row, long ts) {
        boolean had = row.markerTs != RowState.NONE && row.markerTs <= ts
                || row.cells.values().stream().anyMatch(cell -> cell.ts <= ts)
                || row.collections.values().stream().anyMatch(complex -> complex.elements.values().stream()
                        .anyMatch(e -> e.ts <= ts));
        dropShadowed(row, ts);
        row.newestTs = Math.max(row.newestTs, ts);
        return had;
    }

    private static void dropShadowed(RowState row, long ts) {
        if (row.markerTs <= ts) {
            row.markerTs = RowState.NONE;
            row.markerTtl = 0;
            row.markerExpiresAt = 0;
        }
        row.cells.values().removeIf(cell -> cell.ts <= ts);
        for (CollectionState complex : row.collections.values()) {
            complex.elements.values().removeIf(element -> element.ts <= ts);
        }
        row.collections.values().removeIf(complex -> complex.elements.isEmpty() && complex.clearedTs <= ts);
    }

    private static boolean markerSupersedes(Liveness incoming, RowState row) {
        if (row.markerTs == RowState.NONE || incoming.ts() != row.markerTs) {
            return row.markerTs == RowState.NONE || incoming.ts() > row.markerTs;
        }
        if (incoming.expiring() != (row.markerTtl > 0)) {
            return incoming.expiring();
        }
        return incoming.expiresAt() > row.markerExpiresAt;
    }
}
