package io.ckbridge.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code bridge repair} from the distribution: through the sandbox's ops server, and from itself with --local. */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class RepairCommandIT {
    private static final Pattern RUN_ID = Pattern.compile("Repair run ([0-9a-f-]{36})");

    @Test
    void aRunThroughOpsAndOneFromTheCommandItselfBothEndDoneAndShowInTheList(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS repair_cli WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS repair_cli.t (id int PRIMARY KEY, v text)");
            session.execute("INSERT INTO repair_cli.t (id, v) VALUES (1, 'one')");
        }
        String dir = sandbox.layout().root().toString();

        DistCommand.Result viaOps = DistCommand.run(null, "bridge", "repair", "run", "--dir", dir, "-k", "repair_cli",
                "--segments-per-node", "2");
        assertThat(viaOps.exitCode()).as(viaOps.all()).isZero();
        assertThat(viaOps.out()).contains("through ops at " + sandbox.ops().address()).contains("100%")
                .containsPattern("Run [0-9a-f-]{36} DONE: (\\d+) of \\1 segments repaired, 0 failed");
        String opsRun = runId(viaOps.out());

        DistCommand.Result local = DistCommand.run(null, "bridge", "repair", "run", "--dir", dir, "-k", "repair_cli",
                "-t", "t", "--segments-per-node", "2", "--intensity", "0.8", "--local");
        assertThat(local.exitCode()).as(local.all()).isZero();
        assertThat(local.out()).contains("from here (--local; JMX [127.0.0.1:").doesNotContain("through ops")
                .containsPattern("DONE: (\\d+) of \\1 segments repaired, 0 failed");
        String localRun = runId(local.out());

        DistCommand.Result list = DistCommand.run(null, "bridge", "repair", "list", "--dir", dir);
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).contains(opsRun, localRun, "bridge repair run (local)");

        DistCommand.Result status = DistCommand.run(null, "bridge", "repair", "status", "--dir", dir, localRun);
        assertThat(status.out()).contains("Run " + localRun + ": DONE", "repair_cli t, ", "intensity 0.8")
                .containsPattern("\n    D+\n");

        DistCommand.Result pause = DistCommand.run(null, "bridge", "repair", "pause", "--dir", dir, opsRun);
        assertThat(pause.exitCode()).isEqualTo(1);
        assertThat(pause.err()).contains("cannot pause run " + opsRun + ": it is DONE, not running");

        DistCommand.Result bad = DistCommand.run(null, "bridge", "repair", "run", "--dir", dir, "-k", "repair_cli",
                "--parallelism", "fast");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("parallelism 'fast' is not one of sequential, parallel, dc-aware");
    }

    private static String runId(String out) {
        Matcher matcher = RUN_ID.matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return matcher.group(1);
    }
}
