package io.ckbridge.source.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code max} earliest rows offered, by {@link RowPosition}: a scan streams a window's rows
 * through it in token order, and it holds no more than {@code max} of them at any time.
 */
final class EarliestRows<R> {
    record Entry<R>(RowPosition position, R row) {
    }

    private final int max;
    /** The latest kept row on top, the first to give way to an earlier one. */
    private final PriorityQueue<Entry<R>> kept;
    private long offered;
    private boolean overflowed;

    EarliestRows(int max) {
        this.max = max;
        this.kept = new PriorityQueue<>(Comparator.comparing((Entry<R> entry) -> entry.position()).reversed());
    }

    void offer(RowPosition position, R row) {
        offered++;
        if (kept.size() < max) {
            kept.add(new Entry<>(position, row));
            return;
        }
        overflowed = true;
        if (position.compareTo(kept.peek().position()) < 0) {
            kept.poll();
            kept.add(new Entry<>(position, row));
        }
    }

    /** How many rows were offered, kept or not. */
    long offered() {
        return offered;
    }

    /** Whether a row offered was left out: more rows remain after the kept ones. */
    boolean overflowed() {
        return overflowed;
    }

    /** The kept rows, earliest first. */
    List<Entry<R>> sorted() {
        List<Entry<R>> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparing(Entry::position));
        return sorted;
    }
}
