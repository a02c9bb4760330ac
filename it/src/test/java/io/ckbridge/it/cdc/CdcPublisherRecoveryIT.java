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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher loses nothing when it is killed, when Kafka goes away, or as segments fill and leave cdc_raw. */
@BridgeSandbox
class CdcPublisherRecoveryIT {
    private static final String KS = "cdc_recovery";
    /** The changes a publisher publishes between two acknowledged positions: {@code SegmentRangePublisher.CHUNK}. */
    private static final int CHUNK = 5000;
    /** Changes each publisher killed has published (acknowledged) first: more than a chunk. */
    private static final int KILL_AFTER = 7000;

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            for (String table : List.of("killed", "outage", "bulk", "altered", "after_plain")) {
                session.execute("CREATE TABLE IF NOT EXISTS " + KS + "." + table
                        + " (id int PRIMARY KEY, v text) WITH cdc = true");
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

    /**
     * Killed twice while writes go on: every write is published, and each restarted publisher sends
     * again at most one chunk. The publisher stores its position only once Kafka has acknowledged a
     * whole chunk ({@code SegmentRangePublisher.CHUNK}, 5,000 mutations: here 5,000 changes, one a write), so
     * a SIGKILL loses at most the position of the chunk in flight, and its successor repeats at most
     * that chunk. A publisher that ignored its saved position would repeat everything in cdc_raw:
     * each publisher killed has published {@link #KILL_AFTER} changes, more than a chunk, all still in
     * cdc_raw unless a segment completed among them (an 8 MiB segment holds several times all these
     * writes, so that happens once at most, and the next publisher's changes are then all there).
     */
    @Test
    void killedWithSigkillMidStreamAndRestartedNoChangeIsMissing(Sandbox sandbox) throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        List<Long> killedAt = new ArrayList<>();
        int written;
        try (SteadyWriter writer = new SteadyWriter(sandbox, KS + ".killed", publisher)) {
            double before = metric(publisher, "cdc_publisher_changes_published_total"); // of the tests before
            for (int kill = 1; kill <= 2; kill++) {
                double target = before + KILL_AFTER;
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> publisher.metric("cdc_publisher_changes_published_total").orElse(0) >= target);
                assertThat(writer.isWriting()).as("writes still going on at kill %d", kill).isTrue();
                publisher.kill();
                killedAt.add(System.currentTimeMillis());
                sandbox.start(line -> { });
                before = 0;
            }
            written = writer.stop();
        }

        List<JsonNode> changes = RawChanges.readThroughMarkers(sandbox, KS, "killed");
        assertThat(ids(changes)).as("ids published").isEqualTo(range(0, written));
        // A copy sent by the publisher started after kill k has a Kafka timestamp after that kill.
        Map<Integer, List<JsonNode>> copies = new HashMap<>();
        changes.forEach(change -> copies.computeIfAbsent(change.path("key").path("id").asInt(), id -> new ArrayList<>())
                .add(change));
        int[] repeatedBy = new int[killedAt.size() + 1];
        copies.values().forEach(list -> {
            list.sort(Comparator.comparingLong(change -> change.path("_timestamp").asLong()));
            for (JsonNode repeat : list.subList(1, list.size())) {
                long sent = repeat.path("_timestamp").asLong();
                repeatedBy[(int) killedAt.stream().filter(kill -> kill <= sent).count()]++;
            }
        });
        for (int started = 0; started < repeatedBy.length; started++) {
            assertThat(repeatedBy[started]).as("changes sent again by the publisher started after %d kill(s)", started)
                    .isLessThanOrEqualTo(CHUNK);
        }
    }

    /**
     * Writes rows (id, 'v' + id) with ids 0, 1, 2, ... until stopped, a few at a time, at most 1,000
     * a second and never far ahead of the publisher: on a busy machine a backlog would only grow.
     */
    private static final class SteadyWriter implements AutoCloseable {
        private static final int IN_FLIGHT = 16;
        private static final long NANOS_PER_WRITE = 1_000_000;
        /** About 2,500 changes: the publisher has work whenever it is killed, but not minutes of it. */
        private static final double MAX_BACKLOG_BYTES = 256 * 1024;

        private final CqlSession session;
        private final PreparedStatement insert;
        private final CdcPublisherProcess publisher;
        private final Semaphore room = new Semaphore(IN_FLIGHT);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean writing = true;
        private int issued;

        SteadyWriter(Sandbox sandbox, String table, CdcPublisherProcess publisher) {
            this.session = Clients.cql(sandbox);
            this.insert = session.prepare("INSERT INTO " + table + " (id, v) VALUES (?, ?)");
            this.publisher = publisher;
            this.thread = new Thread(this::run, "steady-writer");
            thread.start();
        }

        private void run() {
            try {
                long next = System.nanoTime();
                while (writing && failure.get() == null) {
                    // the backlog is unknown while the publisher restarts: it may be large, so wait
                    if (issued % 100 == 0 && publisher.metric("cdc_publisher_backlog_bytes").orElse(Double.MAX_VALUE)
                            > MAX_BACKLOG_BYTES) {
                        TimeUnit.MILLISECONDS.sleep(50);
                        next = System.nanoTime();
                        continue;
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    next += NANOS_PER_WRITE;
                    room.acquire();
                    session.executeAsync(insert.bind(issued, "v" + issued)).whenComplete((result, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        room.release();
                    });
                    issued++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean isWriting() {
            return thread.isAlive();
        }

        /** Stops writing; returns how many rows were written (ids 0 to that, excluded), once all are acknowledged. */
        int stop() throws InterruptedException {
            writing = false;
            thread.join();
            assertThat(room.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)).as("writes acknowledged").isTrue();
            assertThat(failure.get()).as("a write failed").isNull();
            return issued;
        }

        @Override
        public void close() throws InterruptedException {
            writing = false;
            thread.join();
            session.close();
        }
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
                    .until(() -> metric(publisher, "cdc_publisher_kafka_available") == 0
                            && metric(publisher, "cdc_publisher_backlog_bytes") > 0);
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
                    java.util.concurrent.CompletableFuture.allOf(
                            writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
        }

        List<JsonNode> changes = RawChanges.await(sandbox, KS, "bulk", 10_000, change -> true);
        assertThat(ids(changes)).containsAll(range(0, 10_000));
        await().atMost(Duration.ofSeconds(30)).until(() -> metric(publisher,
                "cdc_publisher_segments_deleted_total") >= deletedBefore + 2);
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
                    java.util.concurrent.CompletableFuture.allOf(
                            writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
            session.execute("INSERT INTO " + KS + ".after_plain (id, v) VALUES (1, 'after')");
        }

        RawChanges.await(sandbox, KS, "after_plain", 2, change -> true);
        List<JsonNode> changes = RawChanges.readThroughMarkers(sandbox, KS, "after_plain");
        assertThat(changes).extracting(change -> change.path("key").path("id").asInt()).containsExactlyInAnyOrder(0, 1);
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
        JsonNode afterDrop = changes.stream().filter(c -> c.path("key").path("id").asInt() == 3).findFirst()
                .orElseThrow();
        assertThat(afterDrop.path("schemaVersion").asText()).isNotEqualTo(added.path("schemaVersion").asText());
        assertThat(metric(sandbox.cdcPublishers().get(0), "cdc_publisher_unreadable_mutations_total")).isZero();
    }

    private static double metric(CdcPublisherProcess publisher, String name) {
        return publisher.metric(name).orElseThrow(() -> new AssertionError("no metric " + name + " at "
                + publisher.address()));
    }

    private static String health(CdcPublisherProcess publisher) throws Exception {
        return get(publisher, "/health");
    }

    private static String get(CdcPublisherProcess publisher, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + publisher.metricsPort() + path);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
