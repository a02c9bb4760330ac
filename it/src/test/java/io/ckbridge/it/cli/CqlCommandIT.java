package io.ckbridge.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.TestDirs;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class CqlCommandIT {

    @Test
    void statementsRunAndRowsPrintAsAnAlignedTable(Sandbox sandbox) {
        String dir = sandbox.layout().root().toString();
        DistCommand.Result created = DistCommand.run(null, "bridge", "cql", "--dir", dir,
                "CREATE KEYSPACE cli_cql WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"
                        + " CREATE TABLE cli_cql.people (id int PRIMARY KEY, name text, tags set<text>);"
                        + " INSERT INTO cli_cql.people (id, name, tags) VALUES (1, 'ada; lovelace', {'math'})");
        assertThat(created.exitCode()).as(created.all()).isZero();

        DistCommand.Result selected = DistCommand.run(null, "bridge", "cql", "--dir", dir, "-k", "cli_cql",
                "SELECT id, name, tags FROM people");

        assertThat(selected.exitCode()).as(selected.all()).isZero();
        assertThat(selected.out()).contains(
                " id | name          | tags",
                "----+---------------+----------",
                " 1  | ada; lovelace | {'math'}",
                "(1 row)");
    }

    @Test
    void aFileOfStatementsRunsInOrder(Sandbox sandbox) throws Exception {
        Path script = TestDirs.fresh("cql-file").resolve("schema.cql");
        Files.writeString(script, """
                -- a schema script, as cqlsh SOURCE takes it
                CREATE KEYSPACE cli_file WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                CREATE TABLE cli_file.kv (k text PRIMARY KEY, v text);
                INSERT INTO cli_file.kv (k, v) VALUES ('a', 'semi;colon');  /* inside a string */
                SELECT v FROM cli_file.kv WHERE k = 'a';
                """);

        DistCommand.Result result = DistCommand.run(null, "bridge", "cql", "--dir", sandbox.layout().root().toString(),
                "-f", script.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("semi;colon", "(1 row)");
    }

    @Test
    void aBadStatementFailsWithCassandrasReasonAndExitCode1(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "cql", "--dir", sandbox.layout().root().toString(),
                "SELECT * FROM no_such_keyspace.t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no_such_keyspace");
    }

    @Test
    void wrongUsageExitsWith2() {
        DistCommand.Result result = DistCommand.run(null, "bridge", "cql", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option");
    }
}
