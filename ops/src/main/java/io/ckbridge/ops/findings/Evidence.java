package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory.Point;

/**
 * What a finding rests on: a series between two points in time (its name is a series of
 * {@code /api/history}), or a fact read as it is (a task's trace, a setting and its value).
 */
public record Evidence(String series, Long fromMs, Long toMs, Double from, Double to, String detail) {
    static Evidence series(String series, Point from, Point to, String detail) {
        return new Evidence(series, from.timeMs(), to.timeMs(), from.value(), to.value(), detail);
    }

    static Evidence fact(String detail) {
        return new Evidence(null, null, null, null, null, detail);
    }
}
