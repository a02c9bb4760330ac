package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.PostgresServer;
import io.ckbridge.it.TestDirs;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change events in Debezium's envelope ({@code output.envelope=debezium}) read by Debezium's own
 * code from Maven Central, on the sandbox's Connect worker: its JDBC sink connector replicates a
 * Cassandra CDC table into PostgreSQL (Debian's package, a server started here), and its
 * ExtractNewRecordState transform flattens the same topic for our sink into a Cassandra table.
 * A second materializer writes the envelope, to its own topics, beside the sandbox's.
 */
@BridgeSandbox
class DebeziumEcosystemIT {
    private static final String KS = "dbz_shop";
    private static final String TOPIC = "dbz." + KS + ".accounts";
    private static final String DATABASE = "replica";
    private static PostgresServer postgres;
    private static Process materializer;

    @BeforeAll
    static void start(Sandbox sandbox) throws Exception {
        postgres = PostgresServer.start(TestDirs.fresh("postgres"));
        postgres.createDatabase(DATABASE);

        // Debezium's JDBC sink (its plugin archive, unpacked by the build) into the sandbox's own plugins/,
        // then the worker restarted to load it
        Path plugin = Path.of(System.getProperty("debezium.plugins")).resolve("debezium-connector-jdbc");
        Path installed = sandbox.layout().plugins().resolve("debezium-connector-jdbc");
        if (!Files.exists(installed)) {
            copy(plugin, installed);
            sandbox.connect().stop();
            sandbox.start(line -> { });
        }
        assertThat(Connectors.client(sandbox).pluginClasses()).contains("io.debezium.connector.jdbc.JdbcSinkConnector");

        Clients.createKeyspace(sandbox, KS);
        Clients.execute(sandbox, "CREATE TABLE IF NOT EXISTS " + KS + ".accounts (id uuid, region text, owner text, "
                        + "balance int, opened timestamp, PRIMARY KEY ((id), region)) WITH cdc = true",
                "CREATE TABLE IF NOT EXISTS " + KS + ".accounts_flat (id uuid, region text, owner text, balance int, "
                        + "opened timestamp, PRIMARY KEY ((id), region))");
        materializer = startMaterializer(sandbox);
    }

    /** A second materializer: Debezium's envelope with schemas, on dbz.* topics, its own application id. */
    private static Process startMaterializer(Sandbox sandbox) throws IOException {
        SandboxSettings settings = sandbox.settings();
        Path dir = TestDirs.fresh("materializer-debezium");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", DistCommand.home().resolve("servers").resolve("materializer") + "/*",
                "io.ckbridge.materializer.MaterializerMain",
                "--bootstrap-servers", settings.bootstrapServers(),
                "--cassandra", SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort(),
                "--local-datacenter", SandboxSettings.DATACENTER,
                "--state-dir", dir.resolve("state").toString(),
                "--application-id", "materializer-debezium",
                "--set", "output.envelope=debezium",
                "--set", "output.schemas.enable=true",
                "--set", "output.topic.prefix=dbz");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(sandbox.layout().logs().resolve("materializer-debezium.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (materializer != null) {
            materializer.destroy();
            materializer.waitFor(30, TimeUnit.SECONDS);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void debeziumsJdbcSinkReplicatesInsertsUpdatesAndDeletesAndItsUnwrapFeedsOurSink(Sandbox sandbox) {
        Map<String, String> jdbc = new HashMap<>();
        jdbc.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        jdbc.put("tasks.max", "1");
        jdbc.put("topics", TOPIC);
        jdbc.put("connection.url", postgres.jdbcUrl(DATABASE));
        jdbc.put("connection.username", "postgres");
        jdbc.put("connection.password", "postgres");
        jdbc.put("insert.mode", "upsert");
        jdbc.put("delete.enabled", "true");
        jdbc.put("primary.key.mode", "record_key");
        jdbc.put("schema.evolution", "basic");
        jdbc.put("collection.name.format", "${source.table}");
        jdbc.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        jdbc.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        jdbc.put("key.converter.schemas.enable", "true");
        jdbc.put("value.converter.schemas.enable", "true");
        Connectors.deploy(sandbox, "accounts-to-postgres", jdbc);

        Map<String, String> flat = Connectors.sinkConfig(sandbox, KS, TOPIC);
        flat.put("cassandra.table.name.format", "accounts_flat");
        flat.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        flat.put("key.converter.schemas.enable", "true");
        flat.put("value.converter.schemas.enable", "true");
        flat.put("transforms", "unwrap");
        flat.put("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        Connectors.deploy(sandbox, "accounts-unwrapped", flat);

        UUID ann = UUID.randomUUID();
        UUID bo = UUID.randomUUID();
        UUID cy = UUID.randomUUID();
        Instant opened = Instant.parse("2026-12-01T08:00:00Z");
        try (CqlSession session = Clients.cql(sandbox)) {
            String insert = "INSERT INTO " + KS + ".accounts (id, region, owner, balance, opened) "
                    + "VALUES (?, ?, ?, ?, ?)";
            session.execute(session.prepare(insert).bind(ann, "eu", "ann", 10, opened));
            session.execute(session.prepare(insert).bind(bo, "us", "bo", 20, opened));
            session.execute(session.prepare(insert).bind(cy, "eu", "cy", 30, opened));
            session.execute(session.prepare("UPDATE " + KS + ".accounts SET balance = 25 WHERE id = ? AND region = ?")
                    .bind(bo, "us"));
            session.execute(session.prepare("DELETE FROM " + KS + ".accounts WHERE id = ? AND region = ?")
                    .bind(cy, "eu"));

            List<List<String>> expected = List.of(List.of(ann.toString(), "eu", "ann", "10", "2026-12-01 08:00:00"),
                    List.of(bo.toString(), "us", "bo", "25", "2026-12-01 08:00:00"));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(postgres.query(DATABASE,
                            "SELECT id, region, owner, balance, opened FROM accounts ORDER BY owner"))
                            .as("PostgreSQL's replica").isEqualTo(expected));
            assertThat(postgres.query(DATABASE, "SELECT data_type FROM information_schema.columns WHERE table_name = "
                    + "'accounts' AND column_name = 'id'")).as("a UUID column").containsExactly(List.of("uuid"));

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<Row> rows = session.execute("SELECT id, owner, balance FROM " + KS + ".accounts_flat").all();
                assertThat(rows).as("the unwrapped events' table").extracting(row -> row.getString("owner") + "="
                        + row.getInt("balance")).containsExactlyInAnyOrder("ann=10", "bo=25");
            });
        }
        Connectors.delete(sandbox, "accounts-to-postgres");
        Connectors.delete(sandbox, "accounts-unwrapped");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
