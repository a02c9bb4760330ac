package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory.Point;

/**
 * What a finding rests on: a series between two points in time (its name is a series of
 * {@code /api/history}), a log line at {@code location} ({@code file:line}), a setting at
 * {@code location} (the file or connector it is set in), or a fact read as it is (a task's trace).
 */
public record Evidence(String series, Long fromMs, Long toMs, Double from, Double to, String location,
        String detail) {
    public static Evidence series(String series, Point from, Point to, String detail) {
        return new Evidence(series, from.timeMs(), to.timeMs(), from.value(), to.value(), null, detail);
    }

    public static Evidence fact(String detail) {
        return new Evidence(null, null, null, null, null, null, detail);
    }

    /** A line of a server's log: {@code where} is {@code file:line}. */
    public static Evidence logLine(String where, String line) {
        return new Evidence(null, null, null, null, null, where, line);
    }

    /** A setting as it is: {@code where} names the file, connector or topic it is set in. */
    public static Evidence setting(String where, String key, Object value) {
        return new Evidence(null, null, null, null, null, where, key + " = " + value);
    }
}
