package io.ckbridge.cli.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.cli.CassandraTarget;
import io.ckbridge.cli.CliException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cql", mixinStandardHelpOptions = true,
        description = {"Run CQL statements against Cassandra (the sandbox's by default) and print rows as a table.",
                "Example: bridge cql -k blog \"SELECT * FROM pack_events\""})
public final class CqlCommand implements Callable<Integer> {
    @Mixin
    CassandraTarget cassandra;

    @Option(names = {"-k", "--keyspace"}, paramLabel = "KEYSPACE", description = "Keyspace to use.")
    String keyspace;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description =
            "Run the statements of a file, separated by ';'.")
    Path file;

    @Parameters(arity = "0..1", paramLabel = "STATEMENT", description = "Statement(s) to run, separated by ';'.")
    String statement;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((statement == null) == (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give either a STATEMENT or -f FILE.");
        }
        String script = file != null ? Files.readString(file, StandardCharsets.UTF_8) : statement;
        List<String> statements = CqlScript.statements(script);
        PrintWriter out = spec.commandLine().getOut();
        try (CqlSession session = cassandra.connect(keyspace)) {
            for (String cql : statements) {
                ResultSet result;
                try {
                    result = session.execute(SimpleStatement.newInstance(cql));
                } catch (RuntimeException e) {
                    throw new CliException("CQL failed: " + e.getMessage() + "\n  in: " + abbreviate(cql), e);
                }
                CqlTablePrinter.print(result, out);
                result.getExecutionInfo().getWarnings().forEach(warning -> spec.commandLine().getErr()
                        .println("Warning: " + warning));
            }
        }
        out.flush();
        return 0;
    }

    private static String abbreviate(String cql) {
        String oneLine = cql.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
