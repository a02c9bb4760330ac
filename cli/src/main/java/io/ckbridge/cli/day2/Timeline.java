package io.ckbridge.cli.day2;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rehearsal's clock: each step said as it happens, kept with its time for the report. */
public final class Timeline {
    /** One thing done, {@code atMs} after the rehearsal began. */
    public record Step(long atMs, String what) {
    }

    private final long startNanos = System.nanoTime();
    private final Instant start = Instant.now();
    private final PrintWriter out;
    private final List<Step> steps = new ArrayList<>();

    Timeline(PrintWriter out) {
        this.out = out;
    }

    Instant start() {
        return start;
    }

    long startNanos() {
        return startNanos;
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Milliseconds from the start to a wall-clock time. */
    long offsetMs(long epochMs) {
        return epochMs - start.toEpochMilli();
    }

    /** A step of the scenario: printed now and listed in the report. */
    synchronized void step(String what) {
        Step step = new Step(elapsedMs(), what);
        steps.add(step);
        say(what);
    }

    /** A line of progress that is not a step. */
    synchronized void say(String what) {
        out.printf("  %s  %s%n", clock(elapsedMs()), what);
        out.flush();
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** {@code +m:ss.s}: how the report and the progress lines tell a time. */
    static String clock(long ms) {
        long seconds = ms / 1000;
        return String.format("+%d:%02d.%d", seconds / 60, seconds % 60, (ms % 1000) / 100);
    }
}
