package io.ckbridge.ops.lag;

/**
 * Burrow's partition statuses, from least to most severe: a group's status is the most severe
 * of its partitions'.
 */
public enum LagStatus {
    /** Lag reached 0 in the window, or the consumer is keeping up. */
    OK,
    /** Commits move but lag never fell over the window: the consumer is slower than the producers. */
    WARN,
    /** No commit for longer than the window spans while lag is above 0: the consumer stopped. */
    STOP,
    /** Commits go on but the offset does not move while lag is above 0. */
    STALL,
    /** A committed offset went back: someone reset the group, or it reprocesses. */
    REWIND;

    public LagStatus worse(LagStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Whether a person should look: every status but OK. */
    public boolean problem() {
        return this != OK;
    }
}
