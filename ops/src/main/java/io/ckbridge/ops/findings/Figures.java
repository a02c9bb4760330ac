package io.ckbridge.ops.findings;

import java.util.Locale;

/** Numbers as the findings' sentences say them. */
public final class Figures {
    private Figures() {
    }

    public static String count(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    public static String duration(long ms) {
        long seconds = Math.round(ms / 1000.0);
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return Math.round(seconds / 60.0) + " min";
        }
        return seconds < 2 * 86400 ? Math.round(seconds / 3600.0) + " h" : Math.round(seconds / 86400.0) + " d";
    }

    public static String millis(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : Math.round(ms) + " ms";
    }

    public static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? Math.round(bytes) + " B" : String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
    }

    public static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }
}
