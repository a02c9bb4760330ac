package io.ckbridge.cli.sandbox;

import io.ckbridge.cli.CliException;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.ServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the end of a server's log (cassandra-1, kafka, connect, ...).")
public final class SandboxLogsCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @Parameters(paramLabel = "SERVER", description = "Server name, as 'bridge sandbox status' shows it.")
    String server;

    @Option(names = {"-n", "--lines"}, description = "Lines to print (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing as the log grows (Ctrl-C to stop).")
    boolean follow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Sandbox sandbox = Sandbox.open(sandboxDir.dir);
        ServerProcess process = sandbox.server(server).orElseThrow(() -> new CliException("No server '" + server
                + "' in this sandbox; it has: "
                + sandbox.servers().stream().map(ServerProcess::name).collect(Collectors.joining(", ")) + "."));
        PrintWriter out = spec.commandLine().getOut();
        process.logTail(lines).forEach(out::println);
        out.flush();
        if (follow) {
            follow(process.logFile(), out);
        }
        return 0;
    }

    private static void follow(Path log, PrintWriter out) throws IOException, InterruptedException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long position = file.length();
            while (!Thread.currentThread().isInterrupted()) {
                long length = file.length();
                if (length > position) {
                    file.seek(position);
                    byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
                    file.readFully(bytes);
                    position += bytes.length;
                    out.print(new String(bytes, StandardCharsets.UTF_8));
                    out.flush();
                } else if (length < position) {
                    position = 0;
                }
                Thread.sleep(250);
            }
        }
    }
}
