package io.ckbridge.cli.sandbox;

import io.ckbridge.cli.SandboxDir;
import io.ckbridge.sandbox.Sandbox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop every server of the sandbox: a clean shutdown, then a kill after a timeout. Data is kept.")
public final class SandboxStopCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = Sandbox.open(sandboxDir.dir);
        out.println("Stopping the sandbox in " + sandbox.layout().root());
        out.flush();
        sandbox.stop(line -> {
            out.println(line);
            out.flush();
        });
        return 0;
    }
}
