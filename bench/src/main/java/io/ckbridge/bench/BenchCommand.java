package io.ckbridge.bench;

import io.ckbridge.bench.cdc.CdcBenchCommand;
import io.ckbridge.bench.repair.RepairBenchCommand;
import io.ckbridge.bench.sink.SinkBenchCommand;
import io.ckbridge.bench.source.SourceBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on the sandbox; each prints its figures next to a baseline measured in the same run.",
        subcommands = {SinkBenchCommand.class, SourceBenchCommand.class, CdcBenchCommand.class,
                RepairBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: sink, source, cdc or repair.");
    }
}
