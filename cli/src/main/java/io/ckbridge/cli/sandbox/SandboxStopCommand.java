package io.ckbridge.cli.sandbox;

import io.ckbridge.cli.CliException;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.ServerProcess;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop the servers of the sandbox (or the one named): a clean shutdown, then a kill after a "
                        + "timeout. Data is kept.",
                "'bridge sandbox start' starts again whatever is not running."})
public final class SandboxStopCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "SERVER", description =
            "Only this server (cassandra-1, kafka, connect, ...).")
    String server;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = Sandbox.open(sandboxDir.dir);
        if (server != null) {
            ServerProcess process = sandbox.server(server).orElseThrow(() -> new CliException("No server '" + server
                    + "' in this sandbox; it has: " + sandbox.servers().stream().map(ServerProcess::name)
                            .collect(Collectors.joining(", ")) + "."));
            out.println(process.stop() ? "Stopped " + server + "." : server + " was not running.");
            return 0;
        }
        out.println("Stopping the sandbox in " + sandbox.layout().root());
        out.flush();
        sandbox.stop(line -> {
            out.println(line);
            out.flush();
        });
        return 0;
    }
}
