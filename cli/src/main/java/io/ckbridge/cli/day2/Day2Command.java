package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraReleases;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "day2", mixinStandardHelpOptions = true, description = {Day2Command.WHAT, Day2Command.SCENARIOS})
public final class Day2Command implements Callable<Integer> {
    static final String WHAT = "Rehearse a Day-2 operation on the sandbox while a load runs through every path "
            + "(producer -> sink -> Cassandra; writes to a CDC table -> publishers -> materializer; the source "
            + "connector polling it), then print what was written, lost, duplicated, the longest delay on each path "
            + "and the findings ops raised and cleared. Exit code 0 only when nothing was lost and every check holds.";
    static final String SCENARIOS = "Scenarios: rolling-restart, upgrade, schema-change, backup-restore, node-loss "
            + "(3 nodes). A sandbox started here for upgrade starts on the oldest Cassandra release the distribution "
            + "holds.";

    @Mixin
    SandboxDir sandboxDir;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "rolling-restart | upgrade | "
            + "schema-change | backup-restore | node-loss")
    String scenario;

    @Option(names = "--nodes", defaultValue = "3", description = "Cassandra nodes of a sandbox started here "
            + "(default: ${DEFAULT-VALUE}); a running sandbox keeps its own.")
    int nodes;

    @Option(names = "--rate", defaultValue = "100", description = "Records a second on each path "
            + "(default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "The load runs at least this long, and as "
            + "long as the scenario's steps take (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--restart", paramLabel = "SERVER", split = ",", description = "rolling-restart: the servers "
            + "to restart, in this order (cassandra-N, connect, kafka; default every node, then connect, then kafka).")
    List<String> restart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Scenarios.named(scenario).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Unknown scenario '" + scenario
                    + "'; one of: " + String.join(", ", Scenarios.names()) + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        SandboxSettings fresh = SandboxSettings.defaults().withNodes(nodes);
        if (scenario.equals("upgrade")) {
            fresh = fresh.withCassandraVersion(CassandraReleases.of(BridgeHome.locate()).versions().get(0));
        }
        Sandbox sandbox = Sandbox.create(sandboxDir.dir, Sandbox.savedSettings(sandboxDir.dir).orElse(fresh));
        if (!sandbox.isRunning()) {
            out.println("Starting the sandbox in " + sandbox.layout().root());
            sandbox.start(line -> {
                out.println(line);
                out.flush();
            });
        }
        Day2Report report = new Rehearsal(sandbox, new Day2Settings(rate, seconds, restart), out).run(scenario);
        return report.passed() ? 0 : 1;
    }
}
