package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.history.SeriesHistory.Point;
import java.util.List;
import java.util.Optional;

/** The points of one series over a span, with the questions the rules ask of them. */
final class SeriesWindow {
    private final String name;
    private final List<Point> points;

    SeriesWindow(SeriesHistory history, String name, long sinceMs) {
        this.name = name;
        this.points = history.since(name, sinceMs);
    }

    String name() {
        return name;
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    int size() {
        return points.size();
    }

    Optional<Point> newest() {
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
    }

    Optional<Point> oldest() {
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(0));
    }

    /** The lowest point before the newest (the latest of equal ones), from which a rise is measured. */
    Optional<Point> troughBeforeNewest() {
        Point trough = null;
        for (int i = 0; i < points.size() - 1; i++) {
            if (trough == null || points.get(i).value() <= trough.value()) {
                trough = points.get(i);
            }
        }
        return Optional.ofNullable(trough);
    }

    /** The highest point at or after {@code fromMs}. */
    Optional<Point> peakSince(long fromMs) {
        Point peak = null;
        for (Point point : points) {
            if (point.timeMs() >= fromMs && (peak == null || point.value() > peak.value())) {
                peak = point;
            }
        }
        return Optional.ofNullable(peak);
    }

    /** The newest point at or before {@code timeMs}, else the oldest there is. */
    Optional<Point> at(long timeMs) {
        Point found = null;
        for (Point point : points) {
            if (point.timeMs() <= timeMs) {
                found = point;
            }
        }
        return found != null ? Optional.of(found) : oldest();
    }

    /** Whether no point is lower than the one before it. */
    boolean neverFalls() {
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).value() < points.get(i - 1).value()) {
                return false;
            }
        }
        return true;
    }

    /** The sum of value × seconds since the point before: how many events a per-second rate adds up to. */
    double integral() {
        double sum = 0;
        for (int i = 1; i < points.size(); i++) {
            sum += points.get(i).value() * (points.get(i).timeMs() - points.get(i - 1).timeMs()) / 1000.0;
        }
        return sum;
    }
}
