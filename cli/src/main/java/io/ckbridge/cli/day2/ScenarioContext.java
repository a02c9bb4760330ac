package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a scenario works with: the sandbox, the load, JMX, the health check and the timeline. */
final class ScenarioContext {
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);

    private final Sandbox sandbox;
    private final Day2Settings settings;
    private final Timeline timeline;
    private final Workload workload;
    private final NodeJmx jmx;
    private final Health health;
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ScenarioContext(Sandbox sandbox, Day2Settings settings, Timeline timeline, Workload workload, NodeJmx jmx,
            Health health) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.timeline = timeline;
        this.workload = workload;
        this.jmx = jmx;
        this.health = health;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    Day2Settings settings() {
        return settings;
    }

    Timeline timeline() {
        return timeline;
    }

    Workload workload() {
        return workload;
    }

    NodeJmx jmx() {
        return jmx;
    }

    void step(String what) {
        timeline.step(what);
    }

    /** Starts what is not running (as {@code bridge sandbox start} does) and waits until all is healthy. */
    void startAndAwaitHealthy(String what) throws InterruptedException {
        long start = System.nanoTime();
        sandbox.start(line -> { });
        health.await(HEALTHY_WITHIN);
        step(String.format("%s started; all healthy %.1f s after the start began", what,
                (System.nanoTime() - start) / 1e9));
    }

    void awaitHealthy(String after) throws InterruptedException {
        Duration took = health.await(HEALTHY_WITHIN);
        step(String.format("all healthy %.1f s after %s", took.toMillis() / 1000.0, after));
    }

    /** Lets the load run on. */
    void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    void check(String what, boolean holds) {
        synchronized (checks) {
            checks.add(new Check(what, holds));
        }
    }

    /** A line for the report that is not a check. */
    void note(String line) {
        synchronized (notes) {
            notes.add(line);
        }
    }

    List<Check> checks() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }
}
