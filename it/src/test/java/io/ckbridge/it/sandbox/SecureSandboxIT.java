package io.ckbridge.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.TestDirs;
import io.ckbridge.sandbox.Ports;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.ServerProcess;
import io.ckbridge.sandbox.ServerStatus;
import io.ckbridge.sandbox.secure.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code bridge sandbox start --secure}: Cassandra with TLS (client certificates required) and
 * role bridge, Kafka on SASL_SSL, every component configured for them. The whole pipeline runs
 * over them; a wrong password or an untrusted certificate is named with its component and
 * endpoint; no password shows in a log, a command line or a Connect REST answer.
 */
@Tag("secure")
@BridgeSandbox(secure = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureSandboxIT {
    private static final String KS = "secure_it";
    private static final String WRONG_PASSWORD = "not-the-password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Sandbox sandbox;
    private final Secrets secrets;
    private final String cassandraEndpoint;

    SecureSandboxIT(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.secrets = Secrets.read(sandbox.layout().secretsFile());
        this.cassandraEndpoint = "127.0.0.1:" + sandbox.settings().cassandraPort();
    }

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".orders (id int PRIMARY KEY, item text)");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".visits (page text, at timestamp, PRIMARY KEY ((page), at))");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".accounts (id int PRIMARY KEY, owner text) "
                    + "WITH cdc = true");
        }
    }

    @Test
    @Order(1)
    void theSandboxRemembersItIsSecureAndKeepsItsSecretsToItsOwner() throws Exception {
        assertThat(Sandbox.open(sandbox.layout().root()).settings().secure()).isTrue();
        DistCommand.Result status = DistCommand.run(null, "bridge", "sandbox", "status", "--dir", dir());
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("Secure: ", sandbox.layout().kafkaClientConfig().toString());
        DistCommand.Result again = DistCommand.run(null, "bridge", "sandbox", "start", "--secure", "--dir", dir());
        assertThat(again.out()).as(again.all()).contains("already running");
        assertThat(sandbox.status()).allMatch(ServerStatus::up);

        assertThat(mode(sandbox.layout().secretsFile())).isEqualTo("rw-------");
        assertThat(mode(sandbox.layout().secretsFile().getParent())).isEqualTo("rwx------");
        assertThat(mode(sandbox.cassandraNodes().get(0).configFile())).isEqualTo("rw-------");
        assertThat(mode(sandbox.layout().certificates().clientKeystore())).isEqualTo("rw-------");
        assertThat(sandbox.layout().certificates().caCertificate()).exists();

        // the well-known default superuser can no longer log in; a client without TLS is not served
        Map<String, String> asDefault = sandbox.access().cassandraSettings();
        asDefault.put(CassandraConnectionConfig.USERNAME, "cassandra");
        asDefault.put(CassandraConnectionConfig.PASSWORD, "cassandra");
        assertThatThrownBy(() -> open(asDefault)).isInstanceOf(CassandraConnectionException.class)
                .hasMessageContaining("refused the login of user 'cassandra'");
        Map<String, String> plain = sandbox.access().cassandraSettings();
        plain.put(CassandraConnectionConfig.SSL_ENABLED, "false");
        assertThatThrownBy(() -> open(plain)).isInstanceOf(RuntimeException.class);
    }

    @Test
    @Order(2)
    void theCliAndKafkasOwnToolsWorkAgainstItWithoutSecurityFlags() {
        DistCommand.Result cql = DistCommand.run(null, "bridge", "cql", "--dir", dir(),
                "SELECT role FROM system_auth.roles WHERE role = 'bridge'");
        assertThat(cql.exitCode()).as(cql.all()).isZero();
        assertThat(cql.out()).contains("bridge", "(1 row)");
        // as the README shows: the generated connection keys, without the sandbox's own settings
        DistCommand.Result fromFile = DistCommand.run(null, "bridge", "cql", "--cassandra", cassandraEndpoint,
                "--cassandra-config", sandbox.access().cassandraClientConfigFile().orElseThrow().toString(),
                "SELECT role FROM system_auth.roles");
        assertThat(fromFile.out()).as(fromFile.all()).contains("bridge", "cassandra");

        DistCommand.Result produced = DistCommand.run("k1:one\nk2:two\n", "bridge", "produce", "--dir", dir(),
                "--topic", "secure-cli", "--key-separator", ":");
        assertThat(produced.exitCode()).as(produced.all()).isZero();
        DistCommand.Result consumed = DistCommand.run(null, "bridge", "consume", "--dir", dir(), "--topic",
                "secure-cli", "--from-beginning", "--max-messages", "2", "--print-key", "--timeout-ms", "30000");
        assertThat(consumed.out().lines()).as(consumed.all()).containsExactly("k1\tone", "k2\ttwo");

        // as the README shows: Kafka's tools with the generated client properties
        DistCommand.Result listed = DistCommand.run(null, "kafka-topics.sh", "--bootstrap-server",
                sandbox.access().bootstrapServers(), "--command-config",
                sandbox.access().kafkaClientConfigFile().orElseThrow().toString(), "--list");
        assertThat(listed.exitCode()).as(listed.all()).isZero();
        assertThat(listed.out().lines()).contains("secure-cli");
    }

    @Test
    @Order(3)
    void aSinkWhosePasswordIsAFileReferenceWritesAndNoRestAnswerShowsThePassword() throws Exception {
        Map<String, String> config = Connectors.sinkConfig(sandbox, KS, "orders");
        assertThat(config.get("cassandra.password")).startsWith("${file:");
        Connectors.deploy(sandbox, "secure-sink", config);
        Clients.send(sandbox, "orders", "1", "{\"id\":1,\"item\":\"lamp\"}", "2", "{\"id\":2,\"item\":\"desk\"}");

        try (CqlSession session = Clients.cql(sandbox)) {
            Connectors.awaitOutput(sandbox, "secure-sink", Duration.ofSeconds(60), "two rows",
                    () -> Clients.rowCount(session, KS + ".orders"), rows -> rows == 2);
        }
        JsonNode stored = Connectors.client(sandbox).get("/connectors/secure-sink/config");
        assertThat(stored.path("cassandra.password").asText())
                .isEqualTo("${file:" + sandbox.layout().secretsFile() + ":" + Secrets.CASSANDRA_PASSWORD + "}");
        String answers = stored + " " + Connectors.client(sandbox).get("/connectors/secure-sink/tasks") + " "
                + Connectors.client(sandbox).get("/connectors/secure-sink") + " "
                + Connectors.client(sandbox).validate("io.ckbridge.sink.CassandraSinkConnector",
                        Connectors.with(config, "name", "secure-sink"));
        assertNoSecretIn("the Connect REST answers", answers);
        // the ops server reads groups, commits and topics over SASL_SSL too
        await("the sink's group in ops' /api/lag").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ops("/api/lag"), lag -> lag.contains("\"group\":\"connect-secure-sink\"")
                        && lag.contains("\"commitTimesFromLog\":true"));
        assertThat(ops("/api/topics")).contains("\"name\":\"orders\"");
        assertThat(ops("/health")).contains("\"status\":\"UP\"");
        // and keeps its repair state in Cassandra over TLS, as user bridge: a run of the keyspace ends DONE
        String run = await("ops' repair state over TLS").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> opsPost("/api/repairs", "{\"keyspace\": \"" + KS + "\", \"segmentsPerNode\": 2}"),
                        answer -> answer.contains("\"state\":\"RUNNING\""));
        String id = run.replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        await("the repair of " + KS).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ops("/api/repairs/" + id), answer -> answer.contains("\"state\":\"DONE\""));
        Connectors.delete(sandbox, "secure-sink");
    }

    @Test
    @Order(4)
    void theSourceReadsRowsOutOverSaslSsl() {
        try (CqlSession session = Clients.cql(sandbox)) {
            Instant at = Instant.now().minusSeconds(30);
            for (String page : List.of("/home", "/about", "/shop")) {
                session.execute("INSERT INTO " + KS + ".visits (page, at) VALUES (?, ?)", page, at);
            }
        }
        Map<String, String> config = new HashMap<>(sandbox.access().connectorSettings());
        config.putAll(Map.of("connector.class", "io.ckbridge.source.CassandraSourceConnector", "tasks.max", "1",
                "cassandra.keyspace", KS, "cassandra.source.tables", "visits",
                "cassandra.source.incremental.column", "at", "cassandra.source.topic.format", "secure-visits",
                "cassandra.source.poll.interval.ms", "200", "cassandra.source.delay.ms", "1000"));
        Connectors.deploy(sandbox, "secure-source", config);
        try {
            List<ConsumerRecord<String, String>> records = Clients.awaitRecords(sandbox, "secure-visits", 3,
                    Duration.ofSeconds(60));
            assertThat(records).extracting(ConsumerRecord::value).anyMatch(value -> value.contains("/shop"));
        } finally {
            Connectors.client(sandbox).deleteWithOffsets("secure-source");
        }
    }

    @Test
    @Order(5)
    void thePublisherAndTheMaterializerCarryACdcTableToItsChangeTopicOverSaslSsl() {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int id = 1; id <= 5; id++) {
                session.execute("INSERT INTO " + KS + ".accounts (id, owner) VALUES (?, ?)", id, "owner-" + id);
            }
        }

        Clients.awaitRecords(sandbox, "cdc.raw." + KS + ".accounts", 5, Duration.ofSeconds(60));
        List<ConsumerRecord<String, String>> events = Clients.awaitRecords(sandbox, "cdc." + KS + ".accounts", 5,
                Duration.ofSeconds(90));
        assertThat(events).extracting(ConsumerRecord::value).anyMatch(value -> value.contains("owner-5"));
        assertThat(sandbox.cdcPublishers().get(0).metric("cdc_publisher_kafka_login_refused")).hasValue(0);
    }

    @Test
    @Order(6)
    void aWrongCassandraPasswordIsNamedWithTheComponentTheNodeAndTheKeysToCheck() throws Exception {
        Map<String, String> wrong = sandbox.access().cassandraSettings();
        wrong.put(CassandraConnectionConfig.PASSWORD, WRONG_PASSWORD);
        assertThatThrownBy(() -> open(wrong)).isInstanceOf(CassandraConnectionException.class)
                .hasMessageStartingWith("secure-it: Cassandra at " + cassandraEndpoint
                        + " refused the login of user 'bridge'")
                .hasMessageContaining("check cassandra.username and cassandra.password")
                .hasMessageNotContaining(WRONG_PASSWORD);

        Path passwordFile = TestDirs.fresh("secure-wrong-cql").resolve("password");
        Files.writeString(passwordFile, WRONG_PASSWORD);
        DistCommand.Result cql = DistCommand.run(null, "bridge", "cql", "--dir", dir(), "-u", "bridge",
                "--password-file", passwordFile.toString(), "SELECT now() FROM system.local");
        assertThat(cql.exitCode()).isEqualTo(1);
        assertThat(cql.err()).contains("bridge-cli: Cassandra at " + cassandraEndpoint
                + " refused the login of user 'bridge'").doesNotContain("Exception");

        JsonNode validated = Connectors.client(sandbox).validate("io.ckbridge.sink.CassandraSinkConnector",
                Connectors.with(Connectors.sinkConfig(sandbox, KS, "orders"), "cassandra.password", WRONG_PASSWORD,
                        "name", "wrong-password"));
        assertThat(errorsOf(validated, "cassandra.username")).anyMatch(error -> error.contains(
                "Cassandra at " + cassandraEndpoint + " refused the login of user 'bridge'"));
        assertThat(validated.toString()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    @Order(7)
    void aWrongKafkaPasswordIsNamedWithTheBrokerAndTheSettingToCheckInTheCliAndThePublishersHealth()
            throws Exception {
        Path work = TestDirs.fresh("secure-wrong-kafka");
        Path wrongKafka = kafkaConfig(work.resolve("wrong-password.properties"), properties ->
                properties.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"bridge\" password=\"" + WRONG_PASSWORD + "\";"));
        String kafka = sandbox.access().bootstrapServers();

        DistCommand.Result topics = DistCommand.run(null, "bridge", "topics", "list", "--dir", dir(),
                "--kafka-config", wrongKafka.toString());
        assertThat(topics.exitCode()).as(topics.all()).isEqualTo(1);
        assertThat(topics.err()).contains("bridge-cli: Kafka at " + kafka + " refused the SASL login",
                "sasl.jaas.config", wrongKafka.toString()).doesNotContain(WRONG_PASSWORD);

        // A publisher with the wrong password: /health says so at once and its log names it, no quiet retries.
        int port = Ports.freePort(1);
        Path log = work.resolve("publisher.log");
        Process publisher = new ProcessBuilder(DistCommand.home().resolve("bin/bridge").toString(), "cdc-publisher",
                "--cassandra-yaml", sandbox.cassandraNodes().get(0).configFile().toString(),
                "--config", sandbox.access().cassandraClientConfigFile().orElseThrow().toString(),
                "--bootstrap-servers", kafka, "--kafka-config", wrongKafka.toString(),
                "--state-dir", work.resolve("state").toString(),
                "--metrics-port", Integer.toString(port), "--topic-prefix", "wrong-password",
                "--node-id", "wrong-password").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try (CqlSession session = Clients.cql(sandbox)) {
                session.execute("INSERT INTO " + KS + ".accounts (id, owner) VALUES (100, 'for the wrong one')");
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> !publisher.isAlive() || health(port).statusCode() == 503);
            assertThat(publisher.isAlive()).as("the publisher runs: %s", Files.readString(log)).isTrue();
            assertThat(health(port).body()).contains("\"status\":\"DOWN\"",
                    "cdc-publisher: Kafka at " + kafka + " refused the SASL login", "sasl.jaas.config");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("refused the SASL login"));
            assertThat(Files.readString(log)).contains("ERROR").doesNotContain(WRONG_PASSWORD);
        } finally {
            publisher.destroy();
            if (!publisher.waitFor(20, TimeUnit.SECONDS)) {
                publisher.destroyForcibly();
            }
        }
    }

    @Test
    @Order(8)
    void anUntrustedCertificateIsNamedWithTheEndpointAndTheTruststoreToCheck() throws Exception {
        Path work = TestDirs.fresh("secure-untrusted");
        Path publicCas = publicCasOnly(work.resolve("public-cas.p12"));

        Map<String, String> untrusted = sandbox.access().cassandraSettings();
        untrusted.put(CassandraConnectionConfig.SSL_TRUSTSTORE_PATH, publicCas.toString());
        untrusted.put(CassandraConnectionConfig.SSL_TRUSTSTORE_PASSWORD, "public-cas");
        assertThatThrownBy(() -> open(untrusted)).isInstanceOf(CassandraConnectionException.class)
                .hasMessageContaining("secure-it: the TLS handshake with Cassandra at " + cassandraEndpoint + " failed")
                .hasMessageContaining("not trusted").hasMessageContaining("cassandra.ssl.truststore.path");

        Path untrustedKafka = kafkaConfig(work.resolve("untrusted.properties"), properties -> {
            properties.setProperty("ssl.truststore.location", publicCas.toString());
            properties.setProperty("ssl.truststore.password", "public-cas");
        });
        DistCommand.Result topics = DistCommand.run(null, "bridge", "topics", "list", "--dir", dir(),
                "--kafka-config", untrustedKafka.toString());
        assertThat(topics.exitCode()).as(topics.all()).isEqualTo(1);
        assertThat(topics.err()).contains("bridge-cli: the TLS handshake with Kafka at "
                + sandbox.access().bootstrapServers() + " failed", "not trusted", "ssl.truststore.location");
    }

    @Test
    @Order(9)
    void aRestartedNodeIsReachedAsBeforeWithoutRepeatingSecure() {
        DistCommand.Result stopped = DistCommand.run(null, "bridge", "sandbox", "stop", "cassandra-1", "--dir", dir());
        assertThat(stopped.exitCode()).as(stopped.all()).isZero();
        DistCommand.Result started = DistCommand.run(null, "bridge", "sandbox", "start", "--dir", dir());

        assertThat(started.exitCode()).as(started.all()).isZero();
        assertThat(started.out()).contains("cassandra-1").doesNotContain("certificates", "role bridge");
        DistCommand.Result cql = DistCommand.run(null, "bridge", "cql", "--dir", dir(),
                "SELECT item FROM " + KS + ".orders WHERE id = 1");
        assertThat(cql.out()).as(cql.all()).contains("lamp");
    }

    @Test
    @Order(10)
    void noPasswordIsInAnyLogCommandLineOrEnvironmentOfTheSandbox() throws IOException {
        try (Stream<Path> logs = Files.walk(sandbox.layout().logs())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                assertNoSecretIn(log.toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        for (ServerProcess server : sandbox.servers()) {
            ProcessHandle process = server.running().orElseThrow();
            assertNoSecretIn(server.name() + "'s command line", process.info().commandLine().orElse(""));
            Path environment = Path.of("/proc", Long.toString(process.pid()), "environ");
            if (Files.isReadable(environment)) {
                assertNoSecretIn(server.name() + "'s environment",
                        new String(Files.readAllBytes(environment), StandardCharsets.ISO_8859_1));
            }
        }
        assertNoSecretIn("the sandbox's description", sandbox.access() + " " + sandbox.access().cassandra());
        assertNoSecretIn("the client files", Files.readString(sandbox.layout().kafkaClientConfig())
                + Files.readString(sandbox.layout().cassandraClientConfig()));
    }

    private String opsPost(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.ops().address() + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String ops(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.ops().address() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void assertNoSecretIn(String where, String text) {
        for (String secret : secrets.values()) {
            assertThat(text).as("%s holds no password of the sandbox", where).doesNotContain(secret);
        }
    }

    private String dir() {
        return sandbox.layout().root().toString();
    }

    private static CqlSession open(Map<String, String> settings) {
        return SessionFactory.open(CassandraConnectionConfig.connection(settings), "secure-it", SessionTuning.NONE);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static HttpResponse<String> health(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> errorsOf(JsonNode validated, String key) {
        List<String> errors = new ArrayList<>();
        for (JsonNode entry : validated.path("configs")) {
            if (entry.path("value").path("name").asText().equals(key)) {
                entry.path("value").path("errors").forEach(error -> errors.add(error.asText()));
            }
        }
        return errors;
    }

    /** The sandbox's own Kafka client properties with a change, in a file of the test's. */
    private Path kafkaConfig(Path file, java.util.function.Consumer<Properties> change) throws IOException {
        Properties properties = new Properties();
        SandboxAccess access = sandbox.access();
        try (Reader reader = Files.newBufferedReader(access.kafkaClientConfigFile().orElseThrow())) {
            properties.load(reader);
        }
        change.accept(properties);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "the secure sandbox's client settings, changed by a test");
        }
        return file;
    }

    /** A truststore of the JDK's public CAs only: everything but the sandbox's own CA. */
    private static Path publicCasOnly(Path file) throws Exception {
        KeyStore jdk = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                .toFile(), "changeit".toCharArray());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (String alias : Collections.list(jdk.aliases())) {
            store.setCertificateEntry(alias, jdk.getCertificate(alias));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "public-cas".toCharArray());
        }
        return file;
    }
}
