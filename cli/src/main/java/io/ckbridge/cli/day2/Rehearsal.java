package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.Sandbox;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Day-2 rehearsal: the load started on every path, the scenario's steps done while it runs,
 * the load stopped and drained, then everything counted at the other ends.
 */
public final class Rehearsal {
    /** Longest wait for the last records to arrive, and for one that arrives at all. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(4);
    private static final Duration DRAIN_STALL = Duration.ofSeconds(60);
    /** Load after the last step, so the report shows the pipeline back at its pace. */
    private static final Duration TAIL = Duration.ofSeconds(10);

    private final Sandbox sandbox;
    private final Day2Settings settings;
    private final PrintWriter out;

    public Rehearsal(Sandbox sandbox, int rate, int seconds, PrintWriter out) {
        this(sandbox, new Day2Settings(rate, seconds), out);
    }

    public Rehearsal(Sandbox sandbox, Day2Settings settings, PrintWriter out) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.out = out;
    }

    /** The scenarios' names. */
    public static List<String> scenarios() {
        return Scenarios.names();
    }

    /** Runs the scenario; the report is printed and returned. Throws when a step cannot be done. */
    public Day2Report run(String scenarioName) throws Exception {
        Scenario scenario = Scenarios.named(scenarioName).orElseThrow(() -> new IllegalArgumentException(
                "no scenario '" + scenarioName + "'; there are " + String.join(", ", Scenarios.names())));
        int nodes = sandbox.cassandraNodes().size();
        if (nodes < scenario.minNodes()) {
            throw new IllegalArgumentException(scenario.name() + " needs at least " + scenario.minNodes()
                    + " Cassandra nodes; the sandbox in " + sandbox.layout().root() + " has " + nodes
                    + " (stop it and run with --nodes " + scenario.minNodes() + ")");
        }
        scenario.requireReady(sandbox, settings);
        out.printf("Day-2 rehearsal %s: %s%n", scenario.name(), scenario.description());
        Timeline timeline = new Timeline(out);
        try (Workload workload = new Workload(sandbox, settings, timeline); NodeJmx jmx = new NodeJmx()) {
            workload.prepare();
            Health health = new Health(sandbox, jmx, workload);
            health.await(Duration.ofMinutes(2));
            ScenarioContext context = new ScenarioContext(sandbox, settings, timeline, workload, jmx, health);
            try (FindingsWatch findings = new FindingsWatch(URI.create(sandbox.ops().address()), timeline)) {
                findings.start();
                workload.start();
                timeline.step(String.format("load started: %d records/s to %s and to day2.events",
                        settings.rate(), SinkLoad.TOPIC));
                long loadStart = System.nanoTime();
                Thread.sleep(settings.warmUp().toMillis());
                scenario.run(context);
                long loadEnd = Math.max(loadStart + Duration.ofSeconds(settings.seconds()).toNanos(),
                        System.nanoTime() + TAIL.toNanos());
                Thread.sleep(Math.max(0, (loadEnd - System.nanoTime()) / 1_000_000));
                workload.stopWrites();
                timeline.step("load stopped; waiting for the last records on every path");
                workload.awaitDelivered(DRAIN_LIMIT, DRAIN_STALL);
                timeline.step("drained");
                // ops polls every few seconds: time to clear what the last step raised
                awaitFindingsCleared(findings, Duration.ofSeconds(30));
                List<PathReport> paths = workload.reports();
                List<FindingsWatch.Episode> episodes = findings.episodes();
                List<Check> checks = new ArrayList<>(context.checks());
                checks.add(workload.sink().orderCheck());
                checks.addAll(scenario.afterwards(context, episodes));
                Day2Report report = new Day2Report(scenario.name(), nodes, settings, timeline.elapsedMs(),
                        timeline.steps(), paths, episodes, findings.unreachable(), checks, context.notes());
                report.print(out);
                return report;
            }
        }
    }

    private static void awaitFindingsCleared(FindingsWatch findings, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && findings.episodes().stream()
                .anyMatch(episode -> !episode.before() && episode.clearedMs() == null
                        && episode.rule().equals(NodeDownFinding.RULE))) {
            Thread.sleep(1_000);
        }
    }
}
