package io.ckbridge.cli.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.cli.CliException;
import io.ckbridge.ops.repair.RepairParallelism;
import io.ckbridge.ops.repair.RepairRequest;
import io.ckbridge.ops.repair.RepairSchedule;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repair", mixinStandardHelpOptions = true, description = {
        "Segmented, paced, resumable anti-entropy repair of Cassandra (Cassandra Reaper's way), through the ops",
        "server's API, or from here when no ops server answers. The state (runs, segments, schedules) is in",
        "Cassandra, keyspace bridge_repair."})
public final class RepairCommand implements Runnable {
    private static final Duration POLL = Duration.ofSeconds(1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: run, schedule, list, status, pause, resume or abort.");
    }

    /** What to repair and how, as run and schedule take it. */
    static final class RequestOptions {
        @Option(names = {"-k", "--keyspace"}, required = true, description = "The keyspace to repair.")
        String keyspace;

        @Option(names = {"-t", "--tables"}, split = ",", paramLabel = "TABLE", description =
                "Only these tables (default: all of the keyspace's).")
        List<String> tables;

        @Option(names = "--segments-per-node", paramLabel = "N", defaultValue = "64", description =
                "Segments per node (default: ${DEFAULT-VALUE}); each holds ranges of one replica set.")
        int segmentsPerNode;

        @Option(names = "--intensity", defaultValue = "1.0", description = "In (0, 1]: after a segment that took t, "
                + "wait t*(1-i)/i (default: ${DEFAULT-VALUE}).")
        double intensity;

        @Option(names = "--parallelism", defaultValue = "sequential", description =
                "sequential, parallel or dc-aware (default: ${DEFAULT-VALUE}).")
        String parallelism;

        @Option(names = "--incremental", description = "Incremental repair (default: full).")
        boolean incremental;

        RepairRequest request() {
            try {
                return new RepairRequest(keyspace, tables, segmentsPerNode, intensity,
                        RepairParallelism.parse(parallelism), incremental);
            } catch (IllegalArgumentException e) {
                throw new CliException("Invalid repair: " + e.getMessage() + ".");
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
            "Repair a keyspace now and show its progress until it ends. Through ops, Ctrl-C leaves the run going",
            "on there; from here, Ctrl-C pauses it ('bridge repair resume RUN' continues it)."})
    int runNow(@Mixin RepairTarget target, @ArgGroup(exclusive = false, multiplicity = "1") RequestOptions options,
            @Option(names = "--no-wait", description = "Through ops: return once the run has started.")
            boolean noWait) throws InterruptedException {
        RepairRequest request = options.request();
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            PrintWriter out = out();
            JsonNode run = backend.start(request);
            String id = run.path("id").asText();
            out.printf("Repair run %s: %s, %s.%n", id, RunPrinter.summary(run), backend.describe());
            out.flush();
            if (noWait && !backend.local()) {
                out.printf("Follow it with 'bridge repair status %s'.%n", id);
                out.flush();
                return 0;
            }
            return follow(backend, id);
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true, description =
            "Repeat a repair every N days (or hours) from a start time; the ops server starts each run.")
    int schedule(@Mixin RepairTarget target, @ArgGroup(exclusive = false, multiplicity = "1") RequestOptions options,
            @Option(names = "--every", required = true, paramLabel = "PERIOD", description = "7d, 12h, 90m.")
            String every,
            @Option(names = "--start", paramLabel = "INSTANT", description = "First run, e.g. 2026-12-06T02:00:00Z "
                    + "(default: now).") String start) {
        Duration period;
        Instant first;
        try {
            period = RepairSchedule.parseEvery(every);
            first = start == null ? Instant.now() : Instant.parse(start);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CliException("Invalid schedule: " + e.getMessage() + ".");
        }
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            JsonNode schedule = backend.schedule(options.request(), period, first);
            PrintWriter out = out();
            out.printf("Schedule %s: %s every %s, next run %s (%s).%n", schedule.path("id").asText(),
                    schedule.path("keyspace").asText(), schedule.path("every").asText(),
                    schedule.path("nextRun").asText(), backend.describe());
            if (backend.local()) {
                out.println("No ops server answers: the schedule is stored, and runs start once 'bridge ops --repair'"
                        + " runs.");
            }
            out.flush();
        }
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs (newest first) and schedules.")
    int list(@Mixin RepairTarget target) {
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            PrintWriter out = out();
            RunPrinter.list(out, backend.list());
            out.flush();
        }
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description =
            "A run's state, progress, segment grid and the errors of its failed or postponed segments.")
    int status(@Mixin RepairTarget target, @Parameters(paramLabel = "RUN", description = "Run id.") String id) {
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            PrintWriter out = out();
            RunPrinter.status(out, backend.run(id));
            out.flush();
        }
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description =
            "Start no more segments of a run (the one running ends first).")
    int pause(@Mixin RepairTarget target, @Parameters(paramLabel = "RUN") String id) {
        return act(target, id, "pause");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description =
            "Continue a paused run (from here, when no ops server answers, until it ends).")
    int resume(@Mixin RepairTarget target, @Parameters(paramLabel = "RUN") String id) throws InterruptedException {
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            JsonNode run = backend.act(id, "resume");
            out().printf("Run %s resumed: %s (%s).%n", id, RunPrinter.bar(run), backend.describe());
            out().flush();
            return backend.local() ? follow(backend, id) : 0;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description =
            "End a run for good (a segment running now has its repair sessions ended).")
    int abort(@Mixin RepairTarget target, @Parameters(paramLabel = "RUN") String id) {
        return act(target, id, "abort");
    }

    private int act(RepairTarget target, String id, String action) {
        try (RepairBackend backend = target.open(spec.commandLine().getErr())) {
            JsonNode run = backend.act(id, action);
            out().printf("Run %s %s: %s.%n", id, run.path("state").asText(), RunPrinter.bar(run));
            out().flush();
        }
        return 0;
    }

    /**
     * The run's progress until it ends (or is paused): in place on a terminal, else a line per
     * tenth. From here, Ctrl-C pauses the run so that nothing is left half-owned.
     */
    private int follow(RepairBackend backend, String id) throws InterruptedException {
        PrintWriter out = out();
        boolean terminal = System.console() != null;
        AtomicBoolean ended = new AtomicBoolean();
        Thread pauseOnExit = new Thread(() -> {
            if (!ended.get()) {
                try {
                    backend.act(id, "pause");
                    System.err.printf("%nPaused run %s: 'bridge repair resume %s' continues it.%n", id, id);
                } catch (RuntimeException e) {
                    System.err.printf("%nRun %s was left running: %s%n", id, e.getMessage());
                }
            }
        }, "repair-pause-on-exit");
        if (backend.local()) {
            Runtime.getRuntime().addShutdownHook(pauseOnExit);
        }
        int lastTenth = -1;
        String lastLine = "";
        while (true) {
            JsonNode run = backend.run(id).path("run");
            String state = run.path("state").asText();
            String line = RunPrinter.bar(run);
            int total = Math.max(1, run.path("total").asInt());
            int tenth = (run.path("done").asInt() + run.path("failed").asInt()) * 10 / total;
            if (terminal) {
                out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            } else if (tenth != lastTenth || !state.equals("RUNNING")) {
                out.println(line);
            }
            lastTenth = tenth;
            lastLine = line;
            out.flush();
            if (!state.equals("RUNNING")) {
                ended.set(true);
                if (terminal) {
                    out.println();
                }
                out.printf("Run %s %s: %d of %d segments repaired, %d failed, %s.%n", id, state,
                        run.path("done").asInt(), run.path("total").asInt(), run.path("failed").asInt(),
                        RunPrinter.took(run));
                if (state.equals("PAUSED")) {
                    out.printf("'bridge repair resume %s' continues it.%n", id);
                }
                out.flush();
                return state.equals("DONE") || state.equals("PAUSED") ? 0 : 1;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
