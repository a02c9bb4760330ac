package io.ckbridge.it.day2;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cli.day2.Check;
import io.ckbridge.cli.day2.Day2Report;
import io.ckbridge.cli.day2.Day2Settings;
import io.ckbridge.cli.day2.PathReport;
import io.ckbridge.cli.day2.Rehearsal;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraReleases;
import io.ckbridge.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Day-2 rehearsals in their short form (a low rate, the shortest load), on the 3-node sandbox,
 * whose nodes start on the oldest Cassandra release the distribution holds (the upgrade runs
 * first, then everything else runs on ours): each
 * loses nothing on any path, duplicates nothing, and the checks of its scenario hold (ops said a
 * node was down and cleared it; the columns changed in the streams; the restore brought back the
 * snapshot's rows; hints and repair closed a killed node's gap).
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
@Order(1) // first on the 3-node sandbox, whose nodes start on the oldest release: it upgrades them
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Day2IT {
    private static final int RATE = 50;
    private static final int SECONDS = 20;

    private static Day2Report rehearse(Sandbox sandbox, String scenario) throws Exception {
        return rehearse(sandbox, scenario, new Day2Settings(RATE, SECONDS));
    }

    private static Day2Report rehearse(Sandbox sandbox, String scenario, Day2Settings settings) throws Exception {
        StringWriter printed = new StringWriter();
        Day2Report report;
        try (PrintWriter out = new PrintWriter(printed, true)) {
            report = new Rehearsal(sandbox, settings, out).run(scenario);
        } finally {
            System.out.print(printed);
        }
        String said = printed.toString();
        for (PathReport path : report.paths()) {
            assertThat(path.written()).as("%s: records written on path %s", scenario, path.name()).isPositive();
            assertThat(path.lost()).as("%s: lost on path %s%n%s", scenario, path.name(), said).isZero();
            assertThat(path.duplicated()).as("%s: duplicated on path %s%n%s", scenario, path.name(), said).isZero();
            assertThat(path.delivered()).as("%s: delivered on %s", scenario, path.name()).isEqualTo(path.written());
        }
        assertThat(report.checks()).as("%s: checks%n%s", scenario, said).isNotEmpty().allMatch(Check::holds);
        assertThat(report.passed()).isTrue();
        return report;
    }

    /** First: the nodes start on the oldest release, and the other scenarios then run on ours. */
    @Test
    @Order(1)
    void rollingUpgradeMovesEveryNodeToTheNewestReleaseAndThePublishersKeepUp(Sandbox sandbox) throws Exception {
        String newest = CassandraReleases.of(BridgeHome.locate()).newest();
        Day2Report report = rehearse(sandbox, "upgrade");
        assertThat(report.checks()).filteredOn(check -> check.what().contains(" reports release " + newest))
                .hasSize(3);
        assertThat(report.checks()).filteredOn(check -> check.what().contains("node-unreachable")).hasSize(3);
        assertThat(report.checks()).anyMatch(check -> check.what().startsWith("the publishers kept up"))
                .anyMatch(check -> check.what().startsWith("cassandra-3: upgradesstables ended well"));
        BridgeHome home = BridgeHome.locate();
        assertThat(sandbox.cassandraNodes()).allMatch(node -> node.release(home).equals(newest));
    }

    /**
     * The short form: one node, then Connect, then Kafka (the upgrade above already drained and
     * restarted every node in turn, the same steps with other binaries).
     */
    @Test
    void rollingRestartOfANodeThenConnectThenKafkaLosesNothingAndOpsSaysTheNodeWasDown(Sandbox sandbox)
            throws Exception {
        Day2Report report = rehearse(sandbox, "rolling-restart",
                new Day2Settings(RATE, SECONDS, List.of("cassandra-2", "connect", "kafka")));
        assertThat(report.checks()).filteredOn(check -> check.what().contains("node-unreachable")).singleElement()
                .satisfies(check -> assertThat(check.what()).contains("cassandra-2"));
        assertThat(report.steps()).anyMatch(step -> step.what().startsWith("kafka started"))
                .anyMatch(step -> step.what().startsWith("connect started"))
                .anyMatch(step -> step.what().startsWith("cassandra-2: nodetool drain"));
    }

    @Test
    void nodeKilledIsHealedByHintsAndRepair(Sandbox sandbox) throws Exception {
        Day2Report report = rehearse(sandbox, "node-loss");
        assertThat(report.checks()).anyMatch(check -> check.what().startsWith("the repair of day2 ended DONE"))
                .anyMatch(check -> check.what().startsWith("the hints were replayed"));
    }

    @Test
    void snapshotTruncateAndImportBringBackEveryRow(Sandbox sandbox) throws Exception {
        Day2Report report = rehearse(sandbox, "backup-restore");
        assertThat(report.checks()).anyMatch(check -> check.what().matches("restored (\\d+) rows of \\1 in the "
                + "snapshot, 0 differing, 0 not in it"));
        assertThat(report.notes()).anyMatch(note -> note.startsWith("during TRUNCATE and import the change topic got 0 "
                + "events and the source topic 0 records"));
    }

    /** Through the command a person runs: its report and its exit code. */
    @Test
    void schemaChangeThroughTheCommandShowsTheNewColumnsOnEveryPath(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, Duration.ofMinutes(8), "bridge", "sandbox", "day2",
                "schema-change", "--dir", sandbox.layout().root().toString(), "--rate", Integer.toString(RATE),
                "--seconds", Integer.toString(SECONDS));
        System.out.print(result.out());
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("Day-2 rehearsal schema-change: 3 node(s)")
                .containsPattern("sink +[\\d,]+ +[\\d,]+ +0 +0 ")
                .containsPattern("cdc +[\\d,]+ +[\\d,]+ +0 +0 ")
                .containsPattern("source +[\\d,]+ +[\\d,]+ +0 +0 ")
                .contains("ok   change events carried [origin] before the ADD (seen), [origin, label] after it (seen) "
                        + "and [label] after the DROP (seen)")
                .contains("rows carry the added column label")
                .contains("Nothing lost; every check holds.");
    }
}
