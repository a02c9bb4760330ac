package io.ckbridge.cli.day2;

import java.util.Arrays;

/** Delays of first deliveries, in milliseconds, kept to tell the longest and the 99th percentile. */
final class Delays {
    private long[] values = new long[1024];
    private int count;

    synchronized void add(long ms) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = Math.max(0, ms);
    }

    synchronized long longest() {
        long max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    synchronized long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
    }
}
