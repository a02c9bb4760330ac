package io.ckbridge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.Sandbox;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Repair through the ops server's API on three nodes, RF=3: a run repairs every segment one at a
 * time (every segment has all three replicas); a paused run makes no progress until resumed; ops
 * killed mid-run finishes it after its restart without redoing a finished segment; a node stopped
 * mid-run postpones the segments until it is back; schedules start runs and "run now" leaves them.
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class RepairIT {
    private static final String KS = "repair_it";

    @BeforeAll
    static void rf3KeyspaceWithRows(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".t (id int PRIMARY KEY, v text)");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".u (id int PRIMARY KEY, v text)");
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".t (id, v) VALUES (?, ?)");
            for (int batch = 0; batch < 50; batch++) {
                BatchStatement rows = BatchStatement.newInstance(BatchType.UNLOGGED);
                for (int i = 0; i < 100; i++) {
                    rows = rows.add(insert.bind(batch * 100 + i, "row " + (batch * 100 + i)));
                }
                session.execute(rows);
            }
        }
    }

    @AfterEach
    void abortWhatIsLeft(Sandbox sandbox) throws Exception {
        for (JsonNode run : OpsApi.getJson(sandbox, "/api/repairs").path("runs")) {
            String state = run.path("state").asText();
            if (state.equals("RUNNING") || state.equals("PAUSED")) {
                OpsApi.post(sandbox, "/api/repairs/" + run.path("id").asText() + "/abort");
            }
        }
        for (JsonNode schedule : OpsApi.getJson(sandbox, "/api/repairs").path("schedules")) {
            OpsApi.send(sandbox, "/api/repairs/schedules/" + schedule.path("id").asText(), "DELETE", null, null);
        }
    }

    @Test
    void aRunRepairsEverySegmentOneAtATimeOnSharedReplicas(Sandbox sandbox) throws Exception {
        awaitRepairReady(sandbox);
        long started = System.nanoTime();
        String id = start(sandbox, "{\"keyspace\": \"" + KS + "\", \"segmentsPerNode\": 4}");
        JsonNode done = awaitState(sandbox, id, "DONE", Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode segments = OpsApi.getJson(sandbox, "/api/repairs/" + id).path("segments");
        System.out.printf("[repair] %d segments of %s repaired in %.1f s%n", segments.size(), KS, seconds);
        assertThat(done.path("total").asInt()).isEqualTo(segments.size()).isGreaterThanOrEqualTo(12);
        assertThat(done.path("done").asInt()).isEqualTo(segments.size());
        assertThat(done.path("grid").asText()).matches("D+");
        List<Instant[]> spans = new ArrayList<>();
        for (JsonNode segment : segments) {
            assertThat(segment.path("state").asText()).isEqualTo("DONE");
            assertThat(segment.path("attempts").asInt()).isEqualTo(1);
            assertThat(segment.path("replicas")).hasSize(3);
            spans.add(new Instant[] {Instant.parse(segment.path("startedAt").asText()),
                    Instant.parse(segment.path("endedAt").asText())});
        }
        // every segment has the same three replicas: no two may have run at the same time
        spans.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("segment %d starts after the one before it ended", i)
                    .isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
        // Cassandra recorded a repair of each segment's ranges
        try (CqlSession session = Clients.cql(sandbox)) {
            long recorded = session.execute("SELECT keyspace_name, finished_at, exception_message FROM "
                    + "system_distributed.parent_repair_history").all().stream()
                    .filter(row -> KS.equals(row.getString("keyspace_name")) && row.getInstant("finished_at") != null
                            && row.getString("exception_message") == null).count();
            assertThat(recorded).isGreaterThanOrEqualTo(segments.size());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(OpsApi.get(sandbox, "/metrics").body())
                .contains("ops_repair_segments{keyspace=\"" + KS + "\",run=\"" + id + "\",state=\"DONE\"} "
                        + segments.size() + ".0"));
    }

    @Test
    void aPausedRunMakesNoProgressUntilResumed(Sandbox sandbox) throws Exception {
        awaitRepairReady(sandbox);
        String id = start(sandbox, "{\"keyspace\": \"" + KS + "\", \"segmentsPerNode\": 16, \"intensity\": 0.5}");
        await().atMost(Duration.ofMinutes(2)).until(() -> run(sandbox, id).path("done").asInt() >= 2);
        assertThat(OpsApi.post(sandbox, "/api/repairs/" + id + "/pause").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> run(sandbox, id).path("running").asInt() == 0);
        int doneAtPause = run(sandbox, id).path("done").asInt();
        Thread.sleep(8_000);
        JsonNode paused = run(sandbox, id);
        assertThat(paused.path("state").asText()).isEqualTo("PAUSED");
        assertThat(paused.path("done").asInt()).as("no segment repaired while paused").isEqualTo(doneAtPause);
        assertThat(paused.path("running").asInt()).isZero();
        // pausing a paused run is refused with the reason
        HttpResponse<String> again = OpsApi.post(sandbox, "/api/repairs/" + id + "/pause");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("it is PAUSED, not running");
        // and a second run of the keyspace is refused while this one is unfinished
        HttpResponse<String> second = OpsApi.send(sandbox, "/api/repairs", "POST", "{\"keyspace\": \"" + KS
                + "\"}", null);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("keyspace " + KS + " is being repaired by run " + id + " (PAUSED)");

        assertThat(OpsApi.post(sandbox, "/api/repairs/" + id + "/resume").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> run(sandbox, id).path("done").asInt() > doneAtPause + 1);
        assertThat(OpsApi.post(sandbox, "/api/repairs/" + id + "/abort").statusCode()).isEqualTo(200);
        assertThat(run(sandbox, id).path("state").asText()).isEqualTo("ABORTED");
    }

    @Test
    void opsKilledMidRunFinishesItAfterItsRestartWithoutRedoingFinishedSegments(Sandbox sandbox) throws Exception {
        awaitRepairReady(sandbox);
        String id = start(sandbox, "{\"keyspace\": \"" + KS + "\", \"segmentsPerNode\": 8}");
        await().atMost(Duration.ofMinutes(2)).until(() -> run(sandbox, id).path("done").asInt() >= 3);
        sandbox.ops().kill();
        Map<Integer, String> finishedBefore = new HashMap<>();
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("SELECT seq, state, started_at FROM bridge_repair.segments WHERE run_id = "
                    + id).forEach(row -> {
                        if (row.getString("state").equals("DONE")) {
                            finishedBefore.put(row.getInt("seq"), row.getInstant("started_at").toString());
                        }
                    });
        }
        System.out.printf("[repair] ops killed with %d segments done%n", finishedBefore.size());
        sandbox.start(line -> { });
        awaitRepairReady(sandbox);
        awaitState(sandbox, id, "DONE", Duration.ofMinutes(3));
        JsonNode segments = OpsApi.getJson(sandbox, "/api/repairs/" + id).path("segments");
        for (JsonNode segment : segments) {
            assertThat(segment.path("state").asText()).isEqualTo("DONE");
            int seq = segment.path("seq").asInt();
            if (finishedBefore.containsKey(seq)) {
                assertThat(Instant.parse(segment.path("startedAt").asText()).toString())
                        .as("segment %d, done before the kill, was not repaired again", seq)
                        .isEqualTo(finishedBefore.get(seq));
                assertThat(segment.path("attempts").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aStoppedNodePostponesItsSegmentsAndTheRunFinishesOnceItIsBack(Sandbox sandbox) throws Exception {
        awaitRepairReady(sandbox);
        String id = start(sandbox, "{\"keyspace\": \"" + KS + "\", \"tables\": [\"t\"], \"segmentsPerNode\": 8}");
        await().atMost(Duration.ofMinutes(2)).until(() -> run(sandbox, id).path("done").asInt() >= 2);
        CassandraNode third = sandbox.cassandraNodes().get(2);
        assertThat(third.stop()).isTrue();
        try {
            JsonNode waiting = await().atMost(Duration.ofMinutes(2)).until(() -> run(sandbox, id),
                    run -> run.path("postponed").asInt() > 0);
            assertThat(waiting.path("waiting").asText()).contains("127.0.0.3").contains("down");
            int doneWhileDown = run(sandbox, id).path("done").asInt();
            Thread.sleep(5_000);
            assertThat(run(sandbox, id).path("done").asInt()).as("nothing repaired while a replica is down")
                    .isEqualTo(doneWhileDown);
        } finally {
            sandbox.start(line -> { });
        }
        JsonNode done = awaitState(sandbox, id, "DONE", Duration.ofMinutes(4));
        assertThat(done.path("failed").asInt()).isZero();
        assertThat(done.path("done").asInt()).isEqualTo(done.path("total").asInt());
    }

    @Test
    void aScheduleStartsItsRunsAndRunNowLeavesItsNextRunWhereItIs(Sandbox sandbox) throws Exception {
        awaitRepairReady(sandbox);
        HttpResponse<String> created = OpsApi.send(sandbox, "/api/repairs/schedules", "POST",
                "{\"keyspace\": \"" + KS + "\", \"tables\": \"u\", \"segmentsPerNode\": 1, \"every\": \"7d\"}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode schedule = OpsApi.json(created);
        String scheduleId = schedule.path("id").asText();
        Instant firstRun = Instant.parse(schedule.path("nextRun").asText());
        // due at once: it starts a run and moves on by seven days
        JsonNode moved = await().atMost(Duration.ofSeconds(30)).until(() -> OpsApi.getJson(sandbox,
                "/api/repairs/schedules/" + scheduleId), s -> !s.path("lastRunId").isNull());
        assertThat(Instant.parse(moved.path("nextRun").asText())).isEqualTo(firstRun.plus(Duration.ofDays(7)));
        String scheduledRun = moved.path("lastRunId").asText();
        JsonNode byScheduled = awaitState(sandbox, scheduledRun, "DONE", Duration.ofMinutes(2));
        assertThat(byScheduled.path("cause").asText()).startsWith("schedule " + scheduleId);

        JsonNode now = OpsApi.json(OpsApi.post(sandbox, "/api/repairs/schedules/" + scheduleId + "/run-now"));
        assertThat(now.path("cause").asText()).startsWith("run now of schedule");
        awaitState(sandbox, now.path("id").asText(), "DONE", Duration.ofMinutes(2));
        JsonNode after = OpsApi.getJson(sandbox, "/api/repairs/schedules/" + scheduleId);
        assertThat(after.path("nextRun").asText()).isEqualTo(moved.path("nextRun").asText());

        JsonNode edited = OpsApi.json(OpsApi.send(sandbox, "/api/repairs/schedules/" + scheduleId, "POST",
                "{\"every\": \"3d\", \"intensity\": 0.5}", null));
        assertThat(edited.path("every").asText()).isEqualTo("3d");
        assertThat(edited.path("intensity").asDouble()).isEqualTo(0.5);
        assertThat(edited.path("tables").get(0).asText()).isEqualTo("u");
        JsonNode paused = OpsApi.json(OpsApi.post(sandbox, "/api/repairs/schedules/" + scheduleId + "/pause"));
        assertThat(paused.path("active").asBoolean()).isFalse();

        HttpResponse<String> bad = OpsApi.send(sandbox, "/api/repairs", "POST",
                "{\"keyspace\": \"no_such_keyspace\"}", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("keyspace 'no_such_keyspace' does not exist");
    }

    static void awaitRepairReady(Sandbox sandbox) {
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                .until(() -> OpsApi.get(sandbox, "/api/repairs").statusCode() == 200);
    }

    static String start(Sandbox sandbox, String request) throws Exception {
        HttpResponse<String> started = OpsApi.send(sandbox, "/api/repairs", "POST", request, null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return OpsApi.json(started).path("id").asText();
    }

    static JsonNode run(Sandbox sandbox, String id) throws Exception {
        return OpsApi.getJson(sandbox, "/api/repairs/" + id).path("run");
    }

    static JsonNode awaitState(Sandbox sandbox, String id, String state, Duration within) {
        // ops may not answer for a moment (restarted by a test); a run in another state fails at once
        return Clients.poll(within).ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                .until(() -> run(sandbox, id), run -> {
                    String now = run.path("state").asText();
                    if (!now.equals("RUNNING") && !now.equals(state)) {
                        throw new IllegalStateException("run " + id + " is " + now + ", not RUNNING or " + state
                                + ": " + run);
                    }
                    return now.equals(state);
                });
    }
}
