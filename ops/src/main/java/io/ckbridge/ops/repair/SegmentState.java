package io.ckbridge.ops.repair;

/**
 * Where a segment is: waiting its turn (PENDING), held back because a replica is down or busy
 * compacting (POSTPONED), being repaired (RUNNING), or finished (DONE, or FAILED once its attempts
 * are used up).
 */
public enum SegmentState {
    PENDING('P'), POSTPONED('W'), RUNNING('R'), DONE('D'), FAILED('F');

    private final char letter;

    SegmentState(char letter) {
        this.letter = letter;
    }

    /** Its letter in a run's segment grid. */
    public char letter() {
        return letter;
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
