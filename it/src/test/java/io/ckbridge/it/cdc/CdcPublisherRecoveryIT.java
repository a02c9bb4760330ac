package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher loses nothing when it is killed, when Kafka goes away, or as segments fill and leave cdc_raw. */
@BridgeSandbox
class CdcPublisherRecoveryIT {
    private static final String KS = "cdc_recovery";

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            for (String table : List.of("killed", "outage", "bulk", "altered", "after_plain")) {
                session.execute("CREATE TABLE IF NOT EXISTS " + KS + "." + table + " (id int PRIMARY KEY, v text) WITH cdc = true");
            }
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".plain (id int PRIMARY KEY, v text)");
        }
    }

    private static Set<Integer> ids(List<JsonNode> changes) {
        Set<Integer> ids = new HashSet<>();
        changes.forEach(change -> ids.add(change.path("key").path("id").asInt()));
        return ids;
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> ids = new HashSet<>();
        for (int i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void killedWithSigkillMidStreamAndRestartedNoChangeIsMissing(Sandbox sandbox) throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".killed (id, v) VALUES (?, ?)");
            for (int i = 0; i < 3000; i++) {
                session.execute(insert.bind(i, "v" + i));
                if (i == 1000 || i == 2000) {
                    publisher.kill();
                    sandbox.start(line -> { });
                }
            }
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "killed", 3000, change -> true);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(RawChanges.read(sandbox, KS, "killed")).containsAll(range(0, 3000)));
        assertThat(ids(changes)).containsAll(range(0, 3000));
    }

    @Test
    void whileKafkaIsDownThePublisherKeepsItsPositionAndCatchesUpAfter(Sandbox sandbox) throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        sandbox.kafka().stop();
        try {
            try (CqlSession session = Clients.cql(sandbox)) {
                for (int i = 0; i < 300; i++) {
                    session.execute("INSERT INTO " + KS + ".outage (id, v) VALUES (" + i + ", 'during the outage')");
                }
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> metric(publisher, "cdc_publisher_kafka_available") == 0 && metric(publisher, "cdc_publisher_backlog_bytes") > 0);
            assertThat(health(publisher)).contains("\"status\":\"DEGRADED\"");
        } finally {
            sandbox.start(line -> { });
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "outage", 300, change -> true);
        assertThat(ids(changes)).containsAll(range(0, 300));
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(publisher, "cdc_publisher_backlog_bytes") == 0);
        assertThat(health(publisher)).contains("\"status\":\"UP\"");
    }

    @Test
    void completedSegmentsArePublishedAndRemovedFromCdcRaw(Sandbox sandbox) throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        double deletedBefore = metric(publisher, "cdc_publisher_segments_deleted_total");
        String payload = "x".repeat(2000);
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".bulk (id, v) VALUES (?, ?)");
            // about 20 MB: more than two 8 MiB segments complete
            List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                writes.add(session.executeAsync(insert.bind(i, payload)).toCompletableFuture());
                if (writes.size() == 100) {
                    java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "bulk", 10_000, change -> true);
        assertThat(ids(changes)).containsAll(range(0, 10_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(publisher, "cdc_publisher_segments_deleted_total") >= deletedBefore + 2);
        Path cdcRaw = sandbox.cassandraNodes().get(0).cdcRawDirectory();
        // Segments without an index hold only non-CDC writes: Cassandra removes those links itself.
        try (Stream<Path> files = Files.list(cdcRaw)) {
            assertThat(files.filter(file -> file.toString().endsWith(".log"))
                    .filter(file -> Files.exists(Path.of(file.toString().replace(".log", "_cdc.idx")))).count())
                    .as("segments with CDC data left in cdc_raw").isLessThanOrEqualTo(2);
        }
        assertThat(metric(publisher, "cdc_publisher_cdc_total_space_bytes")).isPositive();
    }

    @Test
    void segmentsHoldingOnlyNonCdcWritesDoNotHoldBackLaterChanges(Sandbox sandbox) {
        String payload = "y".repeat(2000);
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("INSERT INTO " + KS + ".after_plain (id, v) VALUES (0, 'before')");
            RawChanges.await(sandbox, KS, "after_plain", 1, change -> true);
            // about 20 MB into a table without CDC: whole segments without a CDC index, still live
            // in the commit log because nothing flushed their memtable
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".plain (id, v) VALUES (?, ?)");
            List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                writes.add(session.executeAsync(insert.bind(i, payload)).toCompletableFuture());
                if (writes.size() == 100) {
                    java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
            session.execute("INSERT INTO " + KS + ".after_plain (id, v) VALUES (1, 'after')");
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "after_plain", 2, change -> true);
        assertThat(ids(changes)).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void schemaChangesAreFollowedWithoutARestart(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("INSERT INTO " + KS + ".altered (id, v) VALUES (1, 'before')");
            session.execute("ALTER TABLE " + KS + ".altered ADD extra int");
            session.execute("INSERT INTO " + KS + ".altered (id, v, extra) VALUES (2, 'after add', 42)");
            // Published before the drop, so it is decoded (and labelled) with the schema of its time.
            RawChanges.await(sandbox, KS, "altered", 2, change -> true);
            session.execute("ALTER TABLE " + KS + ".altered DROP v");
            session.execute("INSERT INTO " + KS + ".altered (id, extra) VALUES (3, 43)");
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "altered", 3, change -> true);
        JsonNode added = changes.stream().filter(c -> c.path("key").path("id").asInt() == 2).findFirst().orElseThrow();
        assertThat(added.toString()).contains("\"column\":\"extra\",").contains("\"value\":42");
        JsonNode afterDrop = changes.stream().filter(c -> c.path("key").path("id").asInt() == 3).findFirst().orElseThrow();
        assertThat(afterDrop.path("schemaVersion").asText()).isNotEqualTo(added.path("schemaVersion").asText());
        assertThat(metric(sandbox.cdcPublishers().get(0), "cdc_publisher_unreadable_mutations_total")).isZero();
    }

    private static double metric(CdcPublisherProcess publisher, String name) {
        return publisher.metric(name).orElseThrow(() -> new AssertionError("no metric " + name + " at " + publisher.address()));
    }

    private static String health(CdcPublisherProcess publisher) throws Exception {
        return get(publisher, "/health");
    }

    private static String get(CdcPublisherProcess publisher, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + publisher.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
