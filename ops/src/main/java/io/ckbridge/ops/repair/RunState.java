package io.ckbridge.ops.repair;

/**
 * Where a repair run is: RUNNING and PAUSED can change; DONE (every segment repaired), ERROR (some
 * failed) and ABORTED end it.
 */
public enum RunState {
    RUNNING, PAUSED, DONE, ERROR, ABORTED;

    public boolean finished() {
        return this == DONE || this == ERROR || this == ABORTED;
    }
}
