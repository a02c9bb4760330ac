package io.ckbridge.cli.sandbox;

import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.ServerStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each server of the sandbox: up or down, pid, address, uptime. Exit code 1 if any is down.")
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
        out.printf("%-16s %-5s %-8s %-32s %s%n", "SERVER", "STATE", "PID", "ADDRESS", "UPTIME");
        for (ServerStatus status : statuses) {
            out.printf("%-16s %-5s %-8s %-32s %s%n", status.name(), status.up() ? "up" : "down",
                    status.up() ? Long.toString(status.pid()) : "-", status.address(),
                    status.up() ? uptime(status.uptime()) : "-");
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
