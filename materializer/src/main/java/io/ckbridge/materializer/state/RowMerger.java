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
        if (raw.deletion() != null && raw.deletion().ts() > row.dt) {
            row.dt = raw.deletion().ts();
            dropShadowed(row, row.dt);
            row.nt = Math.max(row.nt, row.dt);
            changed = true;
        }
        long floor = Math.max(row.dt, outerFloor);
        Liveness liveness = raw.liveness();
        if (liveness != null && liveness.ts() > floor && markerSupersedes(liveness, row)) {
            row.mt = liveness.ts();
            row.ml = liveness.ttl();
            row.me = liveness.expiresAt();
            row.nt = Math.max(row.nt, row.mt);
            changed = true;
        }
        for (Cleared clear : raw.cleared()) {
            ComplexState complex = row.m.computeIfAbsent(clear.column(), k -> new ComplexState());
            if (clear.ts() > complex.dt && clear.ts() > floor) {
                complex.dt = clear.ts();
                complex.e.values().removeIf(element -> element.t <= complex.dt);
                row.nt = Math.max(row.nt, complex.dt);
                changed = true;
            }
        }
        for (RawCell cell : raw.cells()) {
            if (cell.ts() <= floor) {
                continue; // deleted before it arrived
            }
            CellState incoming = CellState.of(cell);
            if (cell.path() == null) {
                if (incoming.supersedes(row.c.get(cell.column()))) {
                    row.c.put(cell.column(), incoming);
                    row.nt = Math.max(row.nt, incoming.t);
                    changed = true;
                }
            } else {
                ComplexState complex = row.m.computeIfAbsent(cell.column(), k -> new ComplexState());
                String path = cell.path().toString();
                if (cell.ts() > complex.dt && incoming.supersedes(complex.e.get(path))) {
                    complex.e.put(path, incoming);
                    row.nt = Math.max(row.nt, incoming.t);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** A partition or range deletion reached the row: what it hides is dropped; true when anything was. */
    public static boolean deleteUpTo(RowState row, long ts) {
        boolean had = row.mt != RowState.NONE && row.mt <= ts
                || row.c.values().stream().anyMatch(cell -> cell.t <= ts)
                || row.m.values().stream().anyMatch(complex -> complex.e.values().stream().anyMatch(e -> e.t <= ts));
        dropShadowed(row, ts);
        row.nt = Math.max(row.nt, ts);
        return had;
    }

    private static void dropShadowed(RowState row, long ts) {
        if (row.mt <= ts) {
            row.mt = RowState.NONE;
            row.ml = 0;
            row.me = 0;
        }
        row.c.values().removeIf(cell -> cell.t <= ts);
        for (ComplexState complex : row.m.values()) {
            complex.e.values().removeIf(element -> element.t <= ts);
        }
        row.m.values().removeIf(complex -> complex.e.isEmpty() && complex.dt <= ts);
    }

    private static boolean markerSupersedes(Liveness incoming, RowState row) {
        if (row.mt == RowState.NONE || incoming.ts() != row.mt) {
            return row.mt == RowState.NONE || incoming.ts() > row.mt;
        }
        if (incoming.expiring() != (row.ml > 0)) {
            return incoming.expiring();
        }
        return incoming.expiresAt() > row.me;
    }
}
