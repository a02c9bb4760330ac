package io.ckbridge.cli.demo;

import io.ckbridge.cli.SandboxDir;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.ServerStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the sandbox: start it if needed and show it healthy.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SandboxSettings settings = Sandbox.savedSettings(sandboxDir.dir).orElse(SandboxSettings.defaults());
        Sandbox sandbox = Sandbox.create(sandboxDir.dir, settings);
        out.println("Step 1: the sandbox (" + sandbox.layout().root() + ")");
        out.flush();
        sandbox.start(line -> {
            out.println(line);
            out.flush();
        });
        out.println();
        out.println("Servers:");
        for (ServerStatus status : sandbox.status()) {
            out.printf("  %-12s %-5s %s%n", status.name(), status.up() ? "up" : "down", status.address());
        }
        out.println();
        out.println("Explore:");
        out.println("  ./bridge cql \"SELECT cluster_name, release_version FROM system.local\"");
        out.println("  ./bridge topics list");
        out.println("  curl " + settings.connectUrl() + "/connector-plugins");
        out.println("  ./bridge sandbox stop");
        out.flush();
        return sandbox.status().stream().allMatch(ServerStatus::up) ? 0 : 1;
    }
}
