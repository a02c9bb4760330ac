package io.ckbridge.ops.lag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@code size} commits of a group for one partition. Commits closer together than
 * {@code minDistanceMs} replace the newest one instead of pushing the oldest out, so a consumer
 * that commits every few milliseconds still fills the window with a span worth judging (Burrow's
 * {@code min-distance}).
 */
public final class CommitWindow {
    private final int size;
    private final long minDistanceMs;
    private final Deque<Commit> commits = new ArrayDeque<>();

    public CommitWindow(int size, long minDistanceMs) {
        if (size < 2) {
            throw new IllegalArgumentException("A lag window holds at least 2 commits, not " + size);
        }
        this.size = size;
        this.minDistanceMs = minDistanceMs;
    }

    public synchronized void add(Commit commit) {
        Commit newest = commits.peekLast();
        if (newest != null && commit.timestampMs() < newest.timestampMs()) {
            return; // an older commit read late (e.g. replaying __consumer_offsets): the window has a newer one
        }
        if (newest != null && commit.timestampMs() - newest.timestampMs() < minDistanceMs) {
            commits.pollLast();
        }
        commits.addLast(commit);
        while (commits.size() > size) {
            commits.pollFirst();
        }
    }

    public synchronized List<Commit> commits() {
        return new ArrayList<>(commits);
    }

    /** How full the window is, 0 to 1: a status from a window not yet full is judged on fewer commits. */
    public synchronized double complete() {
        return (double) commits.size() / size;
    }
}
