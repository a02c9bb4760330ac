package io.ckbridge.it.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class SourceConnectorIT {
    private static final String KS = "source_it";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final List<String> deployed = new java.util.ArrayList<>();

    SourceConnectorIT(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @BeforeAll
    static void keyspace(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
    }

    @AfterEach
    void removeConnectors() {
        deployed.forEach(name -> Connectors.client(sandbox).deleteWithOffsets(name));
    }

    private Map<String, String> config(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.source.CassandraSourceConnector");
        config.put("tasks.max", "1");
        config.put("cassandra.contact.points", "127.0.0.1");
        config.put("cassandra.port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("cassandra.local.datacenter", SandboxSettings.DATACENTER);
        config.put("cassandra.keyspace", KS);
        config.put("cassandra.source.poll.interval.ms", "200");
        config.put("cassandra.source.delay.ms", "1000");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private void deploy(String name, Map<String, String> config) {
        deployed.add(name);
        Connectors.deploy(sandbox, name, config);
    }

    private static void cql(Sandbox sandbox, String... statements) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (String statement : statements) {
                session.execute(statement);
            }
        }
    }

    private List<ConsumerRecord<String, String>> awaitRecords(String topic, int count) {
        return Clients.awaitRecords(sandbox, topic, count, Duration.ofSeconds(60));
    }

    private static String user(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readTree(record.key()).path("payload").path("user").asText();
    }

    private static String userOf(ConsumerRecord<String, String> record) {
        try {
            return user(record);
        } catch (Exception e) {
            throw new AssertionError("unreadable key " + record.key(), e);
        }
    }

    @Test
    void rowsSharingTheBoundaryTimestampAreNeitherLostNorRepeatedAcrossARestart() throws Exception {
        cql(sandbox, "CREATE TABLE " + KS + ".clicks (user text, at timestamp, page text, PRIMARY KEY ((user), at))");
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS
                    + ".clicks (user, at, page) VALUES (?, ?, ?)");
            for (int i = 0; i < 5; i++) {
                session.execute(insert.bind("u" + i, at, "/first"));
            }
            Map<String, String> config = config("cassandra.source.tables", "clicks",
                    "cassandra.source.incremental.column", "at", "cassandra.source.topic.format", "clicks");
            deploy("source-clicks", config);
            awaitRecords("clicks", 5);

            // The task stops; more rows arrive with exactly the same time as the last one sent.
            Connectors.client(sandbox).stop("source-clicks");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "STOPPED".equals(Connectors.client(sandbox).status("source-clicks").path("connector").path("state")
                            .asText()));
            for (int i = 5; i < 8; i++) {
                session.execute(insert.bind("u" + i, at, "/second"));
            }
            Connectors.client(sandbox).put("source-clicks", config);
            Connectors.client(sandbox).get("/connectors/source-clicks");
            resume("source-clicks");

            List<ConsumerRecord<String, String>> records = awaitRecords("clicks", 8);
            // A marker row a second later: the task sends rows in time order, so anything sent twice
            // at the boundary time comes before it on the topic's one partition.
            session.execute(insert.bind("marker", at.plusSeconds(1), "/marker"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Clients.readAll(sandbox, "clicks").stream()
                            .anyMatch(record -> "marker".equals(userOf(record))));
            records = Clients.readAll(sandbox, "clicks");
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0);
            assertThat(user(records.get(records.size() - 1))).as("the last record").isEqualTo("marker");
            records = records.subList(0, records.size() - 1);
            Set<String> users = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                users.add(user(record));
            }
            assertThat(records).hasSize(8);
            assertThat(users).containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7");
        }
    }

    @Test
    void aLargeTableFrom1970WithThousandsOfRowsInOneMillisecondReachesTheTopicExactlyOnce() throws Exception {
        cql(sandbox, "CREATE TABLE " + KS + ".history (id text PRIMARY KEY, at timestamp, v int)");
        long start = Instant.parse("1971-01-01T00:00:00Z").toEpochMilli();
        Instant crowded = Instant.parse("1972-06-01T12:00:00.123Z");
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".history (id, at, v) VALUES (?, ?, ?)");
            List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 32_000; i++) {
                // 30,000 rows an hour and a bit apart over three and a half years, 2,000 in one millisecond
                Instant at = i < 30_000 ? Instant.ofEpochMilli(start + i * 3_700_000L + i % 13) : crowded;
                writes.add(session.executeAsync(insert.bind((i < 30_000 ? "spread-" : "crowded-") + i, at, i))
                        .toCompletableFuture());
                if (writes.size() == 200) {
                    java.util.concurrent.CompletableFuture.allOf(
                            writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
        }
        deploy("source-history", config("cassandra.source.tables", "history", "cassandra.source.incremental.column",
                "at", "cassandra.source.topic.format", "history", "cassandra.source.max.rows.per.poll", "500",
                "cassandra.source.max.boundary.keys", "50", "cassandra.source.time.slice.ms", "2592000000",
                "cassandra.source.fetch.size", "1000"));

        Clients.awaitRecords(sandbox, "history", 32_000, Duration.ofSeconds(240));
        // Rows go out in time order: anything sent twice comes before a row later than them all.
        cql(sandbox, "INSERT INTO " + KS + ".history (id, at, v) VALUES ('marker', toTimestamp(now()), -1)");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Clients.readAll(sandbox, "history").stream()
                        .anyMatch(record -> "marker".equals(idOf(record))));
        List<ConsumerRecord<String, String>> records = Clients.readAll(sandbox, "history");

        assertThat(idOf(records.get(records.size() - 1))).as("the last record").isEqualTo("marker");
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(idOf(record)));
        assertThat(records).as("records").hasSize(32_001);
        assertThat(ids).as("distinct keys").hasSize(32_001);
        // Connect stores offsets every offset.flush.interval.ms: the last one lists the marker's key alone
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Connectors.client(sandbox).storedOffsets("source-history").path(0).path("offset")
                        .path("keys").asText(), "[\"'marker'\"]"::equals);
    }

    private static String idOf(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.key()).path("payload").path("id").asText();
        } catch (Exception e) {
            throw new AssertionError("unreadable key " + record.key(), e);
        }
    }

    private void resume(String name) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.settings().connectUrl()
                    + "/connectors/" + name + "/resume"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Connectors.client(sandbox).isRunning(name, 1));
    }

    @Test
    void timeuuidColumnsAreFollowedInTimeOrder() throws Exception {
        cql(sandbox, "CREATE TABLE " + KS
                + ".events (stream text, id timeuuid, body text, PRIMARY KEY ((stream), id))");
        deploy("source-events", config("connect.cassandra.kcql",
                "INSERT INTO events-out SELECT body, id FROM events IGNORE id PK id WITHUNWRAP "
                + "INCREMENTALMODE=TIMEUUID", "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int i = 0; i < 20; i++) {
                session.execute("INSERT INTO " + KS + ".events (stream, id, body) VALUES ('s" + (i % 3) + "', now(), 'b"
                        + i + "')");
                Thread.sleep(2);
            }
        }

        List<ConsumerRecord<String, String>> records = awaitRecords("events-out", 20);

        assertThat(records).extracting(ConsumerRecord::value).hasSize(20)
                .containsExactly(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "b" + i).toArray(String[]::new));
    }

    @Test
    void bulkModeReadsTheWholeTableAcrossTwoTasksWithSchemasFromCqlTypes() throws Exception {
        cql(sandbox, "CREATE TYPE IF NOT EXISTS " + KS + ".point (x double, y double)",
                "CREATE TABLE " + KS
                + ".catalog (sku text, variant int, price decimal, stock bigint, tags set<text>, attrs map<text, "
                        + "text>, "
                        + "location frozen<point>, added timestamp, day date, uid uuid, PRIMARY KEY ((sku), variant))");
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS
                    + ".catalog (sku, variant, price, stock, tags, attrs, location, added, day, uid) "
                    + "VALUES (?, ?, ?, ?, {'t'}, {'k': 'v'}, {x: 1.5, y: 2.5}, '2024-05-06T07:08:09.123Z', "
                            + "'2024-05-06', uuid())");
            List<java.util.concurrent.CompletableFuture<?>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                writes.add(session.executeAsync(insert.bind("sku-" + i / 2, i % 2, new java.math.BigDecimal(i + ".25"),
                        (long) i)).toCompletableFuture());
                if (writes.size() == 200) {
                    java.util.concurrent.CompletableFuture.allOf(
                            writes.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();
            assertThat(Clients.rowCount(session, KS + ".catalog")).isEqualTo(5000);
        }
        deploy("source-catalog", config("tasks.max", "2", "cassandra.source.tables", "catalog", "cassandra.source.mode",
                "bulk", "cassandra.source.topic.format", "catalog-snapshot", "cassandra.source.fetch.size", "700"));

        awaitRecords("catalog-snapshot", 5000);
        // Nothing more comes once the stored offsets say every slice of the token ring is done: Connect
        // stores a source offset only once Kafka has acknowledged its record and the task's records before
        // it, and a bulk read without an interval reads the table once.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Connectors.client(sandbox).storedOffsets("source-catalog"), SourceConnectorIT::ringDone);
        List<ConsumerRecord<String, String>> records = Clients.readAll(sandbox, "catalog-snapshot");

        assertThat(Connectors.client(sandbox).status("source-catalog").path("tasks")).hasSize(2);
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode key = JSON.readTree(record.key()).path("payload");
            keys.add(key.path("sku").asText() + "/" + key.path("variant").asInt());
        }
        assertThat(records).hasSize(5000);
        assertThat(keys).hasSize(5000);
        JsonNode value = JSON.readTree(records.get(0).value());
        Map<String, String> types = new HashMap<>();
        value.path("schema").path("fields").forEach(field -> types.put(field.path("field").asText(),
                field.path("type").asText() + (field.has("name") ? ":" + field.path("name").asText() : "")));
        assertThat(types).containsEntry("price", "bytes:org.apache.kafka.connect.data.Decimal")
                .containsEntry("stock", "int64").containsEntry("tags", "array").containsEntry("attrs", "map")
                .containsEntry("location", "struct:" + KS + ".point")
                .containsEntry("added", "int64:org.apache.kafka.connect.data.Timestamp")
                .containsEntry("day", "int32:org.apache.kafka.connect.data.Date").containsEntry("uid", "string");
        assertThat(value.path("payload").path("location").path("x").asDouble()).isEqualTo(1.5);
        assertThat(value.path("payload").path("added").asLong())
                .isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z").toEpochMilli());
    }

    /** Whether the stored offsets hold a done slice for every token of the ring. */
    private static boolean ringDone(JsonNode offsets) {
        List<long[]> done = new java.util.ArrayList<>();
        for (JsonNode entry : offsets) {
            String split = entry.path("partition").path("split").asText();
            if (entry.path("offset").path("done").asBoolean() && split.contains(":")) {
                int colon = split.indexOf(':');
                long start = Long.parseLong(split.substring(0, colon));
                done.add(new long[] {start, Long.parseLong(split.substring(colon + 1))});
            }
        }
        done.sort(java.util.Comparator.comparingLong(slice -> slice[0]));
        long covered = Long.MIN_VALUE;
        for (long[] slice : done) {
            if (slice[0] != covered) {
                return false;
            }
            covered = slice[1];
        }
        return covered == Long.MAX_VALUE;
    }

    @Test
    void badConfigurationsAreReportedOnTheirKeysAtValidation() {
        cql(sandbox, "CREATE TABLE IF NOT EXISTS " + KS + ".notes (id text PRIMARY KEY, body text, n int)");
        ConnectClient connect = Connectors.client(sandbox);

        assertThat(errors(connect, config("connect.cassandra.kcql", "INSERT INTO t SELECT body FROM nosuch PK body")))
                .containsEntry("connect.cassandra.kcql", "table " + KS + ".nosuch does not exist");
        assertThat(errors(connect, config("connect.cassandra.kcql",
                "INSERT INTO t SELECT body, colour FROM notes PK n")))
                .hasEntrySatisfying("connect.cassandra.kcql", message -> assertThat(message)
                .contains("has no column colour"));
        assertThat(errors(connect, config("connect.cassandra.kcql", "INSERT INTO t SELECT body FROM notes PK n")))
                .hasEntrySatisfying("connect.cassandra.kcql", message -> assertThat(message)
                .contains("is int; incremental mode needs a timestamp or timeuuid column"));
        assertThat(errors(connect, config("connect.cassandra.kcql", "INSERT INTO t SELECT body FORM notes")))
                .hasEntrySatisfying("connect.cassandra.kcql", message -> assertThat(message)
                .contains("expected FROM but found 'FORM' at character 27"));
        assertThat(errors(connect, config("cassandra.source.tables", "notes", "cassandra.source.incremental.column",
                "body", "cassandra.port", "1")))
                .hasEntrySatisfying("cassandra.contact.points", message -> assertThat(message)
                .contains("cannot reach Cassandra"));
    }

    @Test
    void aTableThatDisappearsFailsTheTaskWithTheReasonInItsStatus() {
        cql(sandbox, "CREATE TABLE " + KS + ".doomed (id text PRIMARY KEY, at timestamp, v text)");
        deploy("source-doomed", config("cassandra.source.tables", "doomed", "cassandra.source.incremental.column",
                "at"));
        cql(sandbox, "DROP TABLE " + KS + ".doomed");

        Connectors.client(sandbox).restart("source-doomed", true);

        JsonNode task = Connectors.awaitTaskFailed(sandbox, "source-doomed", Duration.ofSeconds(60));
        assertThat(task.path("trace").asText()).contains("Connector source-doomed").contains(KS + ".doomed");
    }

    private static Map<String, String> errors(ConnectClient connect, Map<String, String> config) {
        config.put("name", "validate-source");
        JsonNode result = connect.validate("io.ckbridge.source.CassandraSourceConnector", config);
        Map<String, String> errors = new HashMap<>();
        result.path("configs").forEach(entry -> {
            JsonNode messages = entry.path("value").path("errors");
            if (!messages.isEmpty()) {
                errors.put(entry.path("value").path("name").asText(), messages.get(0).asText());
            }
        });
        return errors;
    }
}
