package io.ckbridge.cli.day2;

import java.util.Arrays;

/** When each record of a path (ids 0, 1, 2, ...) was first sent, in {@link System#nanoTime()}; 0 if not. */
final class SendTimes {
    private long[] nanos = new long[4096];

    synchronized void sent(long id, long at) {
        int index = Math.toIntExact(id);
        if (index >= nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.max(nanos.length * 2, index + 1));
        }
        if (nanos[index] == 0) {
            nanos[index] = at;
        }
    }

    synchronized long at(long id) {
        return id >= 0 && id < nanos.length ? nanos[(int) id] : 0;
    }
}
