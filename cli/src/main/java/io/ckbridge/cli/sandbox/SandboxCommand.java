package io.ckbridge.cli.sandbox;

import io.ckbridge.cli.day2.Day2Command;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description =
                "Start, stop and inspect a local stack of real Cassandra, Kafka (KRaft) and Kafka Connect servers.",
        subcommands = {SandboxStartCommand.class, SandboxStopCommand.class, SandboxStatusCommand.class,
                SandboxLogsCommand.class, Day2Command.class})
public final class SandboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: start, stop, status, logs or day2.");
    }
}
