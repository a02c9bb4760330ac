package io.ckbridge.source.read;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of incremental mode, apart from Cassandra: which time window a poll reads, which of
 * its rows it sends, and the boundary each sent row leaves behind (its offset).
 *
 * <p>A poll reads [boundary time, boundary time + window], never past now − delay. The query
 * filters the whole table (ALLOW FILTERING), so rows come in token order, not time order: the
 * poll streams them all, a page at a time, and keeps only the {@code maxRows} earliest not sent
 * yet ({@link EarliestRows}). It sends those in {@link RowPosition} order, so every row up to the
 * last one sent has been sent and every row left out is later: memory per poll is bounded by
 * {@code maxRows}, whatever the window holds.
 *
 * <p>The window starts at the slice. After a poll with more rows than it could send, it becomes
 * twice the time its rows spanned (at least 1 ms), to hold about two polls' worth; after a poll
 * with fewer than half, or none, it doubles, up to the slice. An empty window short of now − delay is
 * followed by one look-up of the earliest time present after it (a min() over the same filter):
 * that jumps a gap of any length, like the fifty years after the 1970 default, in one query,
 * whatever the table's layout. If nothing is there up to now − delay, later polls read up to
 * it, so a row written late with a time after the boundary is still found.
 */
final class IncrementalCursor<R> {
    /** The table's rows by time. */
    interface Table<R> {
        /** The rows whose time lies in [from, to], in any order. */
        Iterable<R> rows(long fromMillis, long toMillis);

        /** The earliest time of a row in (after, to], if there is one. */
        OptionalLong firstTimeAfter(long afterMillis, long toMillis);
    }

    /** {@code sliceMillis} 0: windows without an upper size. */
    record Limits(int maxRows, int maxBoundaryKeys, long sliceMillis) {
    }

    /** A row to send and the boundary once it is sent. */
    record Sent<R>(R row, Boundary boundary) {
    }

    /** {@code behind}: rows are known to wait already, so the next poll should not wait. */
    record Batch<R>(List<Sent<R>> rows, boolean behind) {
    }

    private Table<R> table;
    private final Function<R, RowPosition> positions;
    private final Limits limits;
    private final long slice;
    private Boundary boundary;
    private long window;
    private boolean untilLimit;

    IncrementalCursor(Table<R> table, Function<R, RowPosition> positions, Limits limits, Boundary start) {
        this.table = table;
        this.positions = positions;
        this.limits = limits;
        this.slice = limits.sliceMillis() <= 0 ? Long.MAX_VALUE : limits.sliceMillis();
        this.boundary = start;
        this.window = slice;
    }

    /** Reads on from the same boundary through another query of the same table (its columns changed). */
    void reading(Table<R> next) {
        table = next;
    }

    Boundary boundary() {
        return boundary;
    }

    /** The next rows up to {@code limitMillis} (now − delay). A failed query leaves the cursor as it was. */
    Batch<R> next(long limitMillis) {
        long lower = boundary.millis();
        if (limitMillis < lower) {
            return new Batch<>(List.of(), false);
        }
        long upper = untilLimit ? limitMillis : Math.min(limitMillis, saturatedAdd(lower, window));
        EarliestRows<R> earliest = new EarliestRows<>(limits.maxRows());
        for (R row : table.rows(lower, upper)) {
            RowPosition position = positions.apply(row);
            if (!boundary.sent(position)) {
                earliest.offer(position, row);
            }
        }
        List<EarliestRows.Entry<R>> rows = earliest.sorted();
        if (rows.isEmpty()) {
            return skipEmpty(upper, limitMillis);
        }
        List<Sent<R>> sent = boundaries(rows);
        boundary = sent.get(sent.size() - 1).boundary();
        untilLimit = false;
        if (earliest.overflowed()) {
            window = Math.min(slice, Math.max(1, saturatedAdd(boundary.millis() - lower, boundary.millis() - lower)));
        } else if (earliest.offered() < limits.maxRows() / 2) {
            window = Math.min(slice, saturatedAdd(window, window));
        }
        return new Batch<>(sent, earliest.overflowed() || upper < limitMillis);
    }

    private Batch<R> skipEmpty(long upper, long limitMillis) {
        if (upper >= limitMillis) {
            return new Batch<>(List.of(), false);
        }
        OptionalLong next = table.firstTimeAfter(upper, limitMillis);
        if (next.isPresent()) {
            // nothing unsent in [boundary, upper] and nothing at all in (upper, next)
            boundary = Boundary.at(next.getAsLong());
            window = Math.min(slice, saturatedAdd(window, window));
            return new Batch<>(List.of(), true);
        }
        untilLimit = true;
        return new Batch<>(List.of(), false);
    }

    /**
     * The boundary after each row, for its offset. Guarantee: a row's boundary says "sent" of
     * exactly the rows sent up to it (as the table stood when read), so a restart from any
     * committed record loses no row and repeats none, however many rows share one millisecond.
     * The last row sent at a time lists the keys sent at that time while they are at most
     * {@code maxBoundaryKeys}. Any other row, and every row once that many were sent at one
     * time, leaves the keys listed before this poll plus its own position ({@link
     * Boundary#after}): the rows at that time not listed and not past it are the ones this poll
     * sent, since it sends in position order. So an offset holds at most {@code maxBoundaryKeys}
     * keys (more only if stored so by an earlier version), and a poll's offsets share one list.
     */
    private List<Sent<R>> boundaries(List<EarliestRows.Entry<R>> rows) {
        Boundary start = boundary;
        List<Sent<R>> sent = new ArrayList<>(rows.size());
        int runStart = 0;
        for (int i = 0; i < rows.size(); i++) {
            RowPosition position = rows.get(i).position();
            if (i > 0 && position.millis() != rows.get(i - 1).position().millis()) {
                runStart = i;
            }
            boolean continuing = position.millis() == start.millis();
            Set<String> listed = continuing ? start.keys() : Set.of();
            boolean stillListing = !continuing || start.after() == null;
            boolean lastAtTime = i == rows.size() - 1 || rows.get(i + 1).position().millis() != position.millis();
            Boundary after;
            if (lastAtTime && stillListing && listed.size() + i - runStart + 1 <= limits.maxBoundaryKeys()) {
                Set<String> keys = new LinkedHashSet<>(listed);
                for (int j = runStart; j <= i; j++) {
                    keys.add(rows.get(j).position().key());
                }
                after = new Boundary(position.millis(), keys, null);
            } else {
                after = new Boundary(position.millis(), listed, position);
            }
            sent.add(new Sent<>(rows.get(i).row(), after));
        }
        return sent;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
