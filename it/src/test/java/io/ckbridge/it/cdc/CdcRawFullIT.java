package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.ops.OpsApi;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.StatusEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * cdc_raw filling up: with Kafka away the publisher cannot publish, so segments stay in cdc_raw
 * until Cassandra rejects writes to CDC tables. The publisher must warn (log, metric, /health)
 * before that happens, and once Kafka is back, publish the backlog, free the space, and let
 * Cassandra accept writes again, with every accepted write published. Ops, its Kafka away too,
 * must raise its cdc_raw finding before the rejection.
 */
@BridgeSandbox(cdcTotalSpaceMib = CdcRawFullIT.CDC_TOTAL_SPACE_MIB)
class CdcRawFullIT {
    /** Six 8 MiB segments: the warning (above 80%) comes a whole segment before the rejection. */
    static final int CDC_TOTAL_SPACE_MIB = 48;
    private static final String KS = "cdc_full";
    private static final String VALUE = "v".repeat(4000);
    private static final String RATIO = "cdc_publisher_cdc_raw_used_ratio";

    @Test
    void theWarningComesBeforeCassandraRejectsWritesAndThePublisherFreesTheSpaceOnceKafkaIsBack(Sandbox sandbox)
            throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        int warnedAt = -1;
        int rejectedAt = -1;
        String rejection = null;
        JsonNode opsFinding = null;
        int opsFoundAt = -1;
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".rows (id int PRIMARY KEY, v text) WITH cdc = true");
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".rows (id, v) VALUES (?, ?)");
            session.execute(insert.bind(0, VALUE));
            RawChanges.await(sandbox, KS, "rows", 1, change -> true);

            sandbox.kafka().stop();
            long next = System.nanoTime();
            double ratio = 0;
            for (int id = 1; id < 100_000 && rejectedAt < 0; id++) {
                try {
                    session.execute(insert.bind(id, VALUE));
                } catch (DriverException e) {
                    rejectedAt = id;
                    rejection = e.getMessage();
                }
                if (id % 50 == 0) {
                    ratio = StatusEndpoint.metric(publisher.metricsPort(), RATIO).orElse(0);
                    if (warnedAt < 0 && ratio > 0.8) {
                        warnedAt = id;
                        assertThat(StatusEndpoint.health(publisher.metricsPort()))
                                .contains("\"status\":\"DEGRADED\"").contains("% full");
                    }
                    if (opsFinding == null) {
                        opsFinding = spaceFinding(sandbox).orElse(null);
                        opsFoundAt = opsFinding == null ? -1 : id;
                    }
                }
                // 1,000 rows (4 MB) a second, 200 once half full: ops polls every 5 s, and must see it fill
                next += ratio > 0.5 ? 5_000_000L : 1_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            System.out.printf("[cdc-raw-full] cdc_total_space %d MiB, Kafka stopped: warned above 80%% at write %,d, "
                    + "ops raised %s at write %,d, Cassandra rejected write %,d: %s%n", CDC_TOTAL_SPACE_MIB, warnedAt,
                    opsFinding == null ? "nothing" : opsFinding.path("rule").asText(), opsFoundAt, rejectedAt,
                    rejection);
            assertThat(rejectedAt).as("Cassandra rejects CDC writes once cdc_raw is full").isPositive();
            assertThat(rejection).contains("Cassandra failure during write");
            assertThat(Files.readString(sandbox.cassandraNodes().get(0).logFile()))
                    .as("the node says why").contains("Rejecting mutation to keyspace " + KS);
            assertThat(warnedAt).as("the warning comes before the rejection").isPositive().isLessThan(rejectedAt);
            assertThat(opsFinding).as("ops raises cdc_raw's space finding before the rejection").isNotNull();
            assertThat(opsFoundAt).isLessThan(rejectedAt);
            assertThat(opsFinding.path("summary").asText()).contains(publisher.address()).contains("cdc_raw");
            assertThat(publisherWarning(publisher)).contains("of cdc_total_space");

            sandbox.start(line -> { }); // Kafka again
            long back = System.nanoTime();
            int retried = rejectedAt;
            await().ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> session.execute(insert.bind(retried, VALUE)).wasApplied());
            double ratioAfter = StatusEndpoint.metric(publisher.metricsPort(), RATIO).orElse(-1);
            System.out.printf("[cdc-raw-full] Kafka back: writes accepted again after %.1f s, cdc_raw %.0f%% full%n",
                    (System.nanoTime() - back) / 1e9, ratioAfter * 100);
            assertThat(ratioAfter).isLessThan(0.8);
            for (int id = rejectedAt + 1; id <= rejectedAt + 100; id++) {
                session.execute(insert.bind(id, VALUE));
            }
        }

        List<JsonNode> changes = RawChanges.readThroughMarkers(sandbox, KS, "rows");
        Set<Integer> published = new HashSet<>();
        changes.forEach(change -> published.add(change.path("key").path("id").asInt()));
        int written = rejectedAt + 101;
        System.out.printf("[cdc-raw-full] %,d writes accepted, %,d published (%,d raw changes)%n", written,
                published.size(), changes.size());
        for (int id = 0; id < written; id++) {
            assertThat(published).as("raw change of accepted write %d", id).contains(id);
        }
    }

    /** Ops' finding that cdc_raw is nearly full or fills fast ({@code cdc-raw-space}, {@code cdc-raw-filling}). */
    private static Optional<JsonNode> spaceFinding(Sandbox sandbox) throws IOException, InterruptedException {
        for (JsonNode finding : OpsApi.getJson(sandbox, "/api/findings").path("findings")) {
            String rule = finding.path("rule").asText();
            if (rule.equals("cdc-raw-space") || rule.equals("cdc-raw-filling")) {
                return Optional.of(finding);
            }
        }
        return Optional.empty();
    }

    /** The publisher's warning about cdc_raw's space, from its log file. */
    private static String publisherWarning(CdcPublisherProcess publisher) throws IOException {
        return Files.readAllLines(publisher.logFile()).stream().filter(line -> line.contains("cdc_total_space"))
                .filter(line -> line.contains("WARN")).findFirst().orElse("");
    }
}
