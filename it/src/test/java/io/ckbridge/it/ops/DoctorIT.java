package io.ckbridge.it.ops;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bridge doctor} and the ops server's log and config findings on the sandbox: a sink that
 * tolerates errors without a dead-letter queue and asks for more tasks than its topic has
 * partitions (config), and a sink task killed by a record it cannot read (the worker's log).
 */
@BridgeSandbox
class DoctorIT {
    private static final String KS = "doctor_it";
    private static final String LENIENT = "doctor-lenient";
    private static final String STRICT = "doctor-strict";

    @BeforeAll
    static void troubles(Sandbox sandbox) {
        Clients.createKeyspace(sandbox, KS);
        Clients.execute(sandbox, "CREATE TABLE " + KS + ".orders (id text PRIMARY KEY, item text)");
        Clients.createTopic(sandbox, "doctor-orders", 1);
        Clients.createTopic(sandbox, "doctor-bad", 1);
        Connectors.deploy(sandbox, LENIENT, with(Connectors.sinkConfig(sandbox, KS, "doctor-orders"),
                "tasks.max", "3", "errors.tolerance", "all", "topic.doctor-orders." + KS + ".orders.mapping",
                "id=key, item=value.item"));
        Connectors.deploy(sandbox, STRICT, with(Connectors.sinkConfig(sandbox, KS, "doctor-bad"),
                "topic.doctor-bad." + KS + ".orders.mapping", "id=key, item=value.item"));
        Clients.send(sandbox, "doctor-bad", "k1", "this is not JSON");
        Connectors.awaitTaskFailed(sandbox, STRICT, Duration.ofSeconds(60));
    }

    @AfterAll
    static void removeConnectors(Sandbox sandbox) {
        List.of(LENIENT, STRICT).forEach(name -> Connectors.client(sandbox).deleteWithOffsets(name));
    }

    @Test
    void doctorFindsTheConfigAndTheKilledTaskWithTheirEvidenceAndExitsOneOnACriticalFinding(Sandbox sandbox)
            throws Exception {
        DistCommand.Result result = DistCommand.run(null, "bridge", "doctor", "--dir",
                sandbox.layout().root().toString(), "--json");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        JsonNode report = OpsApi.JSON.readTree(result.out());
        assertThat(report.path("read").toString()).contains("log file(s)", "cassandra.yaml", "connector config(s)",
                "partitions of", "replication of");

        JsonNode lenient = finding(report, "tolerance-without-dlq:" + LENIENT).orElseThrow();
        assertThat(lenient.path("severity").asText()).isEqualTo("WARNING");
        assertThat(lenient.path("evidence").toString()).contains("errors.tolerance = all");
        JsonNode tasks = finding(report, "tasks-max:" + LENIENT).orElseThrow();
        assertThat(tasks.path("summary").asText()).contains("tasks.max=3", "1 partition(s)", "2 task(s) idle");

        JsonNode killed = finding(report, "connect-task-killed:" + STRICT + "-0").orElseThrow();
        assertThat(killed.path("severity").asText()).isEqualTo("CRITICAL");
        String where = killed.path("evidence").get(0).path("location").asText();
        assertThat(where).startsWith("connect.log:");
        int line = Integer.parseInt(where.substring("connect.log:".length()));
        List<String> log = Files.readAllLines(sandbox.connect().logFile());
        assertThat(log.get(line - 1)).as("the line cited").contains("WorkerSinkTask{id=" + STRICT + "-0}",
                "Task threw an uncaught and unrecoverable exception");

        String text = DistCommand.run(null, "bridge", "doctor", "--dir", sandbox.layout().root().toString()).out();
        assertThat(text).contains("CRITICAL Connect task " + STRICT + "-0 was killed", "  why:  ", "  do:   ",
                "  - " + where);
    }

    @Test
    void theOpsServerShowsTheSameLogAndConfigFindings(Sandbox sandbox) throws Exception {
        // logs are read at each poll, the configuration judged every 30 s
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(OpsApi.finding(sandbox, "connect-task-killed:" + STRICT + "-0")).isPresent();
            assertThat(OpsApi.finding(sandbox, "tolerance-without-dlq:" + LENIENT)).isPresent();
        });
        JsonNode killed = OpsApi.finding(sandbox, "connect-task-killed:" + STRICT + "-0").orElseThrow();
        assertThat(killed.path("evidence").get(0).path("location").asText()).startsWith("connect.log:");
    }

    private static Optional<JsonNode> finding(JsonNode report, String id) {
        return StreamSupport.stream(report.path("findings").spliterator(), false)
                .filter(finding -> finding.path("id").asText().equals(id)).findFirst();
    }
}
