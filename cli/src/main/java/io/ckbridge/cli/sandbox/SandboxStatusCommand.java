package io.ckbridge.cli.sandbox;

import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.ServerStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each server of the sandbox: up or down, pid, address, uptime, a node's Cassandra release. "
                + "Exit code 1 if any is down.")
public final class SandboxStatusCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = Sandbox.open(sandboxDir.dir);
        List<ServerStatus> statuses = sandbox.status();
        BridgeHome home = BridgeHome.locate();
        Map<String, String> releases = new HashMap<>();
        sandbox.cassandraNodes().forEach(node -> releases.put(node.name(), "Cassandra " + node.release(home)));
        out.printf("%-16s %-5s %-8s %-32s %-8s %s%n", "SERVER", "STATE", "PID", "ADDRESS", "UPTIME", "RUNS");
        for (ServerStatus status : statuses) {
            out.println(String.format("%-16s %-5s %-8s %-32s %-8s %s", status.name(), status.up() ? "up" : "down",
                    status.up() ? Long.toString(status.pid()) : "-", status.address(),
                    status.up() ? uptime(status.uptime()) : "-", releases.getOrDefault(status.name(), ""))
                    .stripTrailing());
        }
        if (sandbox.access().secure()) {
            out.println();
            out.println(SandboxStartCommand.secureClientsNote(sandbox));
        }
        out.flush();
        return statuses.stream().allMatch(ServerStatus::up) ? 0 : 1;
    }

    static String uptime(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
    }
}
