package io.ckbridge.bench;

/**
 * Hands out the row ids of a benchmark's phases in order: each phase gets the next free range, so
 * a phase that writes more rows than expected can never write over the rows of another.
 * A phase of known length takes its range with {@link #next}; one that writes for a time takes
 * the next start with {@link #open} and reports how many ids it used when it is done, and no
 * range is handed out in between.
 */
public final class RowIds {
    private long next;
    private Open open;

    /** Ids from 0. */
    public RowIds() {
        this(0);
    }

    public RowIds(long first) {
        if (first < 0) {
            throw new IllegalArgumentException("row ids start at 0 or above, not " + first);
        }
        this.next = first;
    }

    /** The next {@code count} ids. */
    public Range next(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a range of " + count + " ids");
        }
        Range range = new Range(start(), count);
        next += count;
        return range;
    }

    /** The ids from the next free one on, for a phase that learns how many it needs as it goes. */
    public Open open() {
        open = new Open(start());
        return open;
    }

    private long start() {
        if (open != null) {
            throw new IllegalStateException("the phase writing ids from " + open.first()
                    + " has not said how many it used");
        }
        return next;
    }

    /** Ids {@code first} to {@code first + count - 1}. */
    public record Range(long first, long count) {
        /** The id after the last. */
        public long end() {
            return first + count;
        }

        /** The {@code index}-th id of the range (0: the first). */
        public long id(long index) {
            return first + index;
        }

        public boolean contains(long id) {
            return id >= first && id < end();
        }
    }

    /** The ids of an open-ended phase, from {@link #first()} on. */
    public final class Open {
        private final long first;

        private Open(long first) {
            this.first = first;
        }

        public long first() {
            return first;
        }

        /** Ends the phase: it used {@code count} ids from {@link #first()}; the next phase starts after them. */
        public Range used(long count) {
            if (open != this) {
                throw new IllegalStateException("the phase writing ids from " + first + " has already ended");
            }
            if (count < 0) {
                throw new IllegalArgumentException("a phase cannot use " + count + " ids");
            }
            open = null;
            next = first + count;
            return new Range(first, count);
        }
    }
}
