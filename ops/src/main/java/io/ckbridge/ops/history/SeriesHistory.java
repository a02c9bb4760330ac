package io.ckbridge.ops.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every charted series in memory: one point per poll, the last {@code keepMs} of each. A series
 * not updated for that long is dropped (its group or node is gone).
 */
public final class SeriesHistory {
    private final long keepMs;
    private final Map<String, Deque<Point>> series = new ConcurrentHashMap<>();

    /** One value at one time. */
    public record Point(long timeMs, double value) {
    }

    public SeriesHistory(long keepMs) {
        this.keepMs = keepMs;
    }

    public void record(String name, long timeMs, double value) {
        Deque<Point> points = series.computeIfAbsent(name, key -> new ArrayDeque<>());
        synchronized (points) {
            points.addLast(new Point(timeMs, value));
            while (!points.isEmpty() && points.peekFirst().timeMs() < timeMs - keepMs) {
                points.pollFirst();
            }
        }
    }

    /** The points of {@code name} since {@code sinceMs}, oldest first; none for an unknown series. */
    public List<Point> since(String name, long sinceMs) {
        Deque<Point> points = series.get(name);
        List<Point> copy = new ArrayList<>();
        if (points != null) {
            synchronized (points) {
                points.stream().filter(point -> point.timeMs() >= sinceMs).forEach(copy::add);
            }
        }
        return copy;
    }

    /** Series names, sorted; those whose newest point is older than the kept span are dropped first. */
    public List<String> names(long nowMs) {
        series.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                Point newest = entry.getValue().peekLast();
                return newest == null || newest.timeMs() < nowMs - keepMs;
            }
        });
        return new ArrayList<>(new TreeSet<>(series.keySet()));
    }
}
