package io.ckbridge.cli;

import io.ckbridge.bench.BenchCommand;
import io.ckbridge.cli.cql.CqlCommand;
import io.ckbridge.cli.demo.DemoCommand;
import io.ckbridge.cli.doctor.DoctorCommand;
import io.ckbridge.cli.kafka.ConsumeCommand;
import io.ckbridge.cli.kafka.ProduceCommand;
import io.ckbridge.cli.kafka.TopicsCommand;
import io.ckbridge.cli.repair.RepairCommand;
import io.ckbridge.cli.sandbox.SandboxCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bridge} command. Exit codes: 0 success, 1 failure, 2 wrong usage. */
@Command(name = "bridge",
        description = "Cassandra-Kafka Bridge: connectors, CDC and tooling between Apache Cassandra and Apache Kafka.",
        mixinStandardHelpOptions = true,
        versionProvider = BridgeVersion.class,
        footer = {"", "Long-running processes (each on its own classpath, with its own --help):",
                "  cdc-publisher  Publish a Cassandra node's CDC changes to raw change topics.",
                "  materializer   Turn raw changes into deduplicated, ordered, full-row change events; "
                        + "'materializer snapshot'",
                "                 seeds it with a table's existing rows.",
                "  ops            The dashboard, JSON API and metrics of the whole pipeline (Burrow-style lag)."},
        subcommands = {
                DemoCommand.class,
                SandboxCommand.class,
                CqlCommand.class,
                ProduceCommand.class,
                ConsumeCommand.class,
                TopicsCommand.class,
                RepairCommand.class,
                DoctorCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class BridgeCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BridgeCli());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see the list below.");
    }
}
