package io.ckbridge.cdc.damage;

import io.ckbridge.cdc.read.SegmentReader.UnreadableEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.cassandra.schema.TableId;

/**
 * How long the publisher waits at a mutation its schema cannot decode. A table created a moment
 * ago reaches the schema within seconds, so such a mutation is retried with growing pauses (the
 * caller reloads the schema before each try); once it has blocked the publisher for the longest
 * hold, every unreadable mutation of that read goes to the {@link Quarantine} and the publisher
 * moves on. A table id given up on once (dropped: ids never come back) is quarantined at once after.
 */
public final class UnreadableHold {
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Duration longestHold;
    private final Clock clock;
    private final Set<TableId> givenUp = new HashSet<>();
    private String blockedAt;
    private Instant blockedSince;
    private Instant nextTry;
    private Duration pause = FIRST_PAUSE;

    public UnreadableHold(Duration longestHold, Clock clock) {
        this.longestHold = longestHold;
        this.clock = clock;
    }

    /** False while the publisher waits before reading a blocking mutation again. */
    public boolean mayTry() {
        return nextTry == null || !clock.instant().isBefore(nextTry);
    }

    /**
     * Decides over the unreadable entries of one read, in offset order: returns the end offset of
     * the first that must still wait, or -1 when all may be quarantined now.
     */
    public int firstWaiting(long segmentId, List<UnreadableEntry> unreadable) {
        Instant now = clock.instant();
        boolean expired = blockedSince != null && !now.isBefore(blockedSince.plus(longestHold));
        for (UnreadableEntry entry : unreadable) {
            if (entry.tableId() != null && givenUp.contains(entry.tableId())) {
                continue;
            }
            String at = segmentId + ":" + entry.endOffset();
            if (expired && at.equals(blockedAt)) {
                for (UnreadableEntry each : unreadable) {
                    if (each.tableId() != null) {
                        givenUp.add(each.tableId());
                    }
                }
                clear();
                return -1;
            }
            if (!at.equals(blockedAt)) {
                blockedAt = at;
                blockedSince = now;
                pause = FIRST_PAUSE;
            } else {
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
            nextTry = now.plus(pause);
            return entry.endOffset();
        }
        clear();
        return -1;
    }

    /**
     * A table the node's own schema, read after the mutation was written, does not have: it was
     * dropped (a node writes a mutation only for a table its schema has, and the publisher reads
     * that node's schema). Its mutations need not wait: they are quarantined at once.
     */
    public boolean giveUp(TableId table) {
        return givenUp.add(table);
    }

    /** Nothing blocks any more. */
    public void clear() {
        blockedAt = null;
        blockedSince = null;
        nextTry = null;
        pause = FIRST_PAUSE;
    }

    /** Where and since when the publisher waits, or null. */
    public String blocked() {
        return blockedAt == null ? null : "waiting since " + blockedSince + " at an unreadable mutation ending at "
                + blockedAt + " (retried after schema reloads; quarantined after " + longestHold.toSeconds() + " s)";
    }
}
