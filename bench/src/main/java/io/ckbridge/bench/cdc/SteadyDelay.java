package io.ckbridge.bench.cdc;

/**
 * Tells when a delay measured round after round has stopped falling: two rounds in a row no
 * better than nine tenths of the best so far (one such round alone may be a stall, not the end
 * of the JIT's work).
 */
final class SteadyDelay {
    private long best = Long.MAX_VALUE;
    private int roundsWithoutFall;

    /** Notes one round's delay; true once the delay is steady. */
    boolean steadyAfter(long delay) {
        roundsWithoutFall = delay < best / 10 * 9 ? 0 : roundsWithoutFall + 1;
        best = Math.min(best, delay);
        return roundsWithoutFall >= 2;
    }
}
