package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.cdc.ChangeEvents.Event;
import io.ckbridge.sandbox.Ports;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.StatusEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The materializer across a kill -9, shared by two instances, seeded by a snapshot while writes go
 * on, and given changes of a table before the table exists.
 */
@BridgeSandbox
class MaterializerRecoveryIT {
    private static final String KS = "mat_recovery";

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".killed (id int PRIMARY KEY, v text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".shared (id int PRIMARY KEY, v text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".seeded (id int PRIMARY KEY, v text)");
        }
    }

    private static Map<Integer, List<Event>> byId(List<Event> events) {
        Map<Integer, List<Event>> byId = new HashMap<>();
        events.forEach(event -> byId.computeIfAbsent(event.id("id"), id -> new ArrayList<>()).add(event));
        return byId;
    }

    @Test
    void killedWithSigkillAndRestartedTheChangeTopicHasNoDuplicateAndNoGap(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".killed (id, v) VALUES (?, ?)");
            for (int i = 0; i < 3000; i++) {
                session.execute(insert.bind(i, "v" + i));
                if (i == 1000 || i == 2000) {
                    sandbox.materializer().kill();
                    sandbox.start(line -> { });
                }
            }
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "killed", 3000, event -> true);

        assertThat(events).hasSize(3000);
        Map<Integer, List<Event>> byId = byId(events);
        assertThat(byId).hasSize(3000);
        byId.forEach((id, list) -> assertThat(list).extracting(Event::op).as("events of id %d", id)
                .containsExactly("c"));
    }

    @Test
    void twoInstancesShareThePartitionsAndOneTakesOverWhenTheOtherStops(Sandbox sandbox) throws Exception {
        int port = Ports.freePort(1);
        Path stateDir = Files.createTempDirectory("materializer-2-");
        Path log = Path.of("target", "materializer-2.log").toAbsolutePath();
        Process second = new ProcessBuilder(DistCommand.home().resolve("bin/bridge").toString(), "materializer",
                "--bootstrap-servers", sandbox.settings().bootstrapServers(),
                "--cassandra", SandboxSettings.nodeAddress(1) + ":" + sandbox.settings().cassandraPort(),
                "--local-datacenter", SandboxSettings.DATACENTER,
                "--state-dir", stateDir.toString(), "--metrics-port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> StatusEndpoint.metric(port, "materializer_running").orElse(0) == 1
                            && sandbox.materializer().metric("materializer_running").orElse(0) == 1);
            double firstBefore = sandbox.materializer().metric("materializer_events_total").orElseThrow();
            try (CqlSession session = Clients.cql(sandbox)) {
                PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".shared (id, v) VALUES (?, ?)");
                for (int i = 0; i < 600; i++) {
                    session.execute(insert.bind(i, "v" + i));
                }
            }
            List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "shared", 600, event -> true);
            assertThat(events).hasSize(600);
            assertThat(metric(port, "materializer_events_total")).as("events made by the second instance").isPositive();
            assertThat(sandbox.materializer().metric("materializer_events_total").orElseThrow())
                    .as("events made by the first")
                    .isGreaterThan(firstBefore);

            second.destroy(); // SIGTERM: a clean leave; the first instance takes its partitions
            assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            try (CqlSession session = Clients.cql(sandbox)) {
                PreparedStatement update = session.prepare("UPDATE " + KS + ".shared SET v = ? WHERE id = ?");
                for (int i = 0; i < 600; i++) {
                    session.execute(update.bind("w" + i, i));
                }
            }
            List<Event> all = ChangeEvents.awaitExactly(sandbox, KS, "shared", 1200, event -> true);
            assertThat(all).hasSize(1200);
            byId(all).forEach((id, list) -> assertThat(list).extracting(Event::op).as("events of id %d", id)
                    .containsExactly("c", "u"));
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    void aSnapshotWhileWritesGoOnSeedsEveryRowOnceAndTheStreamFollowsWithoutGapOrDuplicate(
            Sandbox sandbox) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer;
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".seeded (id, v) VALUES (?, ?)");
            for (int i = 0; i < 300; i++) {
                session.execute(insert.bind(i, "initial"));
            }
            writer = new Thread(() -> {
                int n = 0;
                while (writing.get()) {
                    int id = ThreadLocalRandom.current().nextInt(400); // 300..399 are new rows
                    // not prepared: Cassandra keeps a statement prepared before the ALTER ... WITH cdc = true
                    // writing without CDC (a change of table options does not invalidate it)
                    session.execute("INSERT INTO " + KS + ".seeded (id, v) VALUES (" + id + ", 'w" + n++ + "')");
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            writer.start();
            Thread.sleep(500);
            DistCommand.Result snapshot = DistCommand.run(null, "bridge", "materializer", "snapshot", "--table", KS
                    + ".seeded", "--enable-cdc", "--bootstrap-servers", sandbox.settings().bootstrapServers(),
                    "--cassandra", SandboxSettings.nodeAddress(1) + ":" + sandbox.settings().cassandraPort(),
                    "--local-datacenter", SandboxSettings.DATACENTER);
            assertThat(snapshot.exitCode()).as(snapshot.all()).isZero();
            assertThat(snapshot.out()).contains("CDC turned on for " + KS + ".seeded")
                    .contains("rows sent to cdc.raw." + KS + ".seeded");
            Thread.sleep(1000);
            writing.set(false);
            writer.join();

            Map<Integer, String> rows = new HashMap<>();
            for (Row row : session.execute("SELECT id, v FROM " + KS + ".seeded")) {
                rows.put(row.getInt(0), row.getString(1));
            }
            // the last event of every row holds the row as Cassandra has it: nothing was missed at the seam
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<Integer, List<Event>> byId = byId(ChangeEvents.read(sandbox, KS, "seeded"));
                List<String> differing = rows.entrySet().stream()
                        .filter(row -> !byId.containsKey(row.getKey())
                                || !row.getValue().equals(last(byId.get(row.getKey())).after().path("v").asText()))
                        .map(row -> row.getKey() + "=" + row.getValue() + " events " + byId.get(row.getKey())).toList();
                assertThat(differing).as("rows whose last event differs from Cassandra").isEmpty();
            });
            // nothing more comes: every event of the writes is out once markers written after them are
            Map<Integer, List<Event>> byId = byId(ChangeEvents.readThroughMarkers(sandbox, KS, "seeded"));
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(rows.keySet());
            for (int id = 0; id < 300; id++) {
                assertThat(byId.get(id)).as("events of pre-existing row %d", id).filteredOn(e -> e.op().equals("r"))
                        .hasSize(1);
                assertThat(byId.get(id).get(0).op()).as("first event of pre-existing row %d", id).isEqualTo("r");
            }
            byId.forEach((id, list) -> {
                assertThat(list).filteredOn(e -> e.op().equals("r")).as("r events of %d", id)
                        .hasSizeLessThanOrEqualTo(1);
                for (int i = 1; i < list.size(); i++) {
                    assertThat(list.get(i).after()).as("event %d of id %d repeats the one before", i, id)
                            .isNotEqualTo(list.get(i - 1).after());
                    assertThat(list.get(i).op()).isIn("u", "d");
                }
                assertThat(rows.get(id)).isEqualTo(last(list).after().path("v").asText());
            });
        }
    }

    /**
     * A raw change can reach the materializer before its table's schema reaches the driver (a table
     * created a moment ago; here, seconds later): it is held, not dropped, and materialized once
     * the table is there.
     */
    @Test
    void aChangeOfATableCreatedAfterItArrivedIsMaterializedOnceTheTableExists(Sandbox sandbox) {
        String table = "created_late";
        String rawTopic = RawChanges.topic(KS, table);
        long ts = System.currentTimeMillis() * 1000;
        // as a publisher writes it (without the table's id, which does not exist yet)
        String change = "{\"v\":1,\"node\":\"127.0.0.1\",\"segment\":1,\"position\":1,\"keyspace\":\"" + KS
                + "\",\"table\":\"" + table + "\",\"digest\":\"created-late-1\",\"key\":{\"id\":1},"
                + "\"rows\":[{\"static\":false,\"clustering\":{},\"liveness\":{\"ts\":" + ts + "},"
                + "\"cells\":[{\"column\":\"v\",\"ts\":" + ts + ",\"value\":\"early\"}]}]}";
        Clients.createTopic(sandbox, rawTopic, 3);
        Clients.send(sandbox, rawTopic, "{\"id\":1}", change);

        String held = "materializer_held_changes{reason=\"unknown-table\"}";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sandbox.materializer().metric(held).orElse(0) >= 1);
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE TABLE " + KS + "." + table + " (id int PRIMARY KEY, v text) WITH cdc = true");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, table, 1, event -> true);

        assertThat(events.get(0).op()).isEqualTo("c");
        assertThat(events.get(0).after().toString()).isEqualTo("{\"id\":1,\"v\":\"early\"}");
        assertThat(sandbox.materializer().metric(held).orElseThrow()).isZero();
        assertThat(sandbox.materializer().metric("materializer_dead_letters_total{reason=\"unknown-table\"}")
                .orElseThrow()).isZero();
    }

    private static Event last(List<Event> events) {
        return events.get(events.size() - 1);
    }

    private static double metric(int port, String name) {
        return StatusEndpoint.metric(port, name).orElseThrow(() ->
                new AssertionError("no metric " + name + " on port " + port));
    }
}
