package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.JavaRuntime;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.StatusEndpoint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt byte in the durable part of a real segment: a publisher of its own, reading a copy of
 * the node's segment with one byte flipped, publishes everything before the damage and nothing
 * after it, keeps the segment, answers 503 and counts it; after {@code skip-segment} it publishes
 * the rest but the damaged entry.
 */
@BridgeSandbox
class CdcDamagedSegmentIT {
    private static final String KS = "cdc_damage";
    private static final String PREFIX = "damagetest";
    private static final int ROWS = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCorruptByteBelowTheDurableOffsetStopsPublishingThereUntilAPersonAcceptsTheLoss(Sandbox sandbox,
            @TempDir Path dir) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".events (id int PRIMARY KEY, v text) WITH cdc = true");
        }
        CassandraNode node = sandbox.cassandraNodes().get(0);
        CopiedSegment copy = copyOfTheSegmentHoldingFreshWrites(sandbox, node, dir.resolve("cdc_raw"));
        List<Integer> inOrder = copy.idsByPosition().values().stream().toList();
        int victimIndex = inOrder.size() / 2;
        int victimPosition = new ArrayList<>(copy.idsByPosition().keySet()).get(victimIndex);
        int victim = inOrder.get(victimIndex);
        flipByte(copy.log(), victimPosition - 6); // inside the serialized mutation, before its checksum

        Path stateDir = dir.resolve("state");
        try (StandalonePublisher publisher = StandalonePublisher.start(sandbox, node, dir, stateDir)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> publisher.healthStatus() == 503);
            assertThat(publisher.health()).contains("damaged at offset").contains("skip-segment");
            assertThat(publisher.metric("cdc_publisher_damaged_segments")).hasValue(1);
            assertThat(publisher.metric("cdc_publisher_read_errors_total").orElse(0)).isGreaterThanOrEqualTo(1);
            Set<Integer> before = Set.copyOf(inOrder.subList(0, victimIndex));
            Set<Integer> published = publishedIds(sandbox);
            assertThat(published).as("everything before the damage").containsAll(before);
            assertThat(published).as("nothing from the damaged entry on")
                    .doesNotContainAnyElementsOf(inOrder.subList(victimIndex, inOrder.size()));
            assertThat(copy.log()).as("the damaged segment is kept").exists();
            assertThat(Files.readString(stateDir.resolve("position.properties")))
                    .contains("segment=" + copy.segmentId());

            Thread.sleep(2000); // passes go on: still nothing past the damage
            assertThat(publishedIds(sandbox)).doesNotContainAnyElementsOf(inOrder.subList(victimIndex, inOrder.size()));
            assertThat(publisher.healthStatus()).isEqualTo(503);

            StandalonePublisher.Run skip = publisher.command("skip-segment", "--state-dir", stateDir.toString(),
                    "--segment", Long.toString(copy.segmentId()));
            assertThat(skip.exitCode()).as(skip.output()).isZero();
            assertThat(skip.output()).contains("Loss accepted").contains("segment " + copy.segmentId());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> publisher.healthStatus() == 200);
            List<Integer> expected = new ArrayList<>(inOrder);
            expected.remove(victimIndex);
            await().atMost(Duration.ofSeconds(30)).until(() -> publishedIds(sandbox).containsAll(expected));
            assertThat(publishedIds(sandbox)).doesNotContain(victim);
            assertThat(publisher.metric("cdc_publisher_damaged_segments")).hasValue(0);
            assertThat(publisher.metric("cdc_publisher_accepted_lost_bytes_total").orElse(0)).isGreaterThan(0);
        }
    }

    private static Set<Integer> publishedIds(Sandbox sandbox) {
        Set<Integer> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record
                : Clients.readIfExists(sandbox, PREFIX + ".raw." + KS + ".events").orElse(List.of())) {
            try {
                ids.add(JSON.readTree(record.value()).path("key").path("id").asInt());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    /** A segment with its index, as the node's cdc_raw holds it, copied while it still holds fresh writes. */
    private record CopiedSegment(long segmentId, Path log, TreeMap<Integer, Integer> idsByPosition) {
    }

    /**
     * Writes rows, waits for the node's own publisher to publish them (so the index covers them),
     * and copies the segment holding most of them. A segment that completes and leaves cdc_raw in
     * between is simply missed: then it writes again.
     */
    private static CopiedSegment copyOfTheSegmentHoldingFreshWrites(Sandbox sandbox, CassandraNode node, Path target)
            throws IOException {
        Files.createDirectories(target);
        for (int attempt = 0; attempt < 3; attempt++) {
            int first = attempt * ROWS;
            try (CqlSession session = Clients.cql(sandbox)) {
                for (int id = first; id < first + ROWS; id++) {
                    session.execute("INSERT INTO " + KS + ".events (id, v) VALUES (" + id + ", 'v" + id + "')");
                }
            }
            List<JsonNode> changes = RawChanges.await(sandbox, KS, "events", ROWS,
                    change -> change.path("key").path("id").asInt() >= first
                            && change.path("key").path("id").asInt() < first + ROWS);
            Map<Long, List<JsonNode>> bySegment = changes.stream()
                    .collect(Collectors.groupingBy(change -> change.path("segment").asLong()));
            long segment = bySegment.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                    .orElseThrow().getKey();
            Path log;
            Path index;
            try (var files = Files.list(node.cdcRawDirectory())) {
                log = files.filter(file -> file.getFileName().toString().endsWith("-" + segment + ".log"))
                        .findFirst().orElse(null);
            }
            if (log == null) {
                continue;
            }
            index = log.resolveSibling(log.getFileName().toString().replace(".log", "_cdc.idx"));
            Path copiedIndex = target.resolve(index.getFileName());
            Path copiedLog = target.resolve(log.getFileName());
            try {
                Files.copy(index, copiedIndex); // the index first: the bytes below its offset are synced already
                Files.copy(log, copiedLog);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(copiedIndex);
                continue; // published and removed in between
            }
            TreeMap<Integer, Integer> idsByPosition = new TreeMap<>();
            bySegment.get(segment).forEach(change -> idsByPosition.put(change.path("position").asInt(),
                    change.path("key").path("id").asInt()));
            if (idsByPosition.size() >= 10) {
                return new CopiedSegment(segment, copiedLog, idsByPosition);
            }
            Files.delete(copiedIndex);
            Files.delete(copiedLog);
        }
        throw new AssertionError("no segment with fresh writes stayed in " + node.cdcRawDirectory()
                + " long enough to copy it");
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile data = new RandomAccessFile(file.toFile(), "rw")) {
            data.seek(offset);
            int value = data.read();
            data.seek(offset);
            data.write(value ^ 0xFF);
        }
    }

    /** A publisher of the test's own over a copied cdc_raw, publishing to {@value #PREFIX}.raw.* topics. */
    private static final class StandalonePublisher implements AutoCloseable {
        private final Process process;
        private final int port;
        private final List<String> javaCommand;
        private final Map<String, String> environment;
        private final Path dir;

        private StandalonePublisher(Process process, int port, List<String> javaCommand,
                Map<String, String> environment, Path dir) {
            this.process = process;
            this.port = port;
            this.javaCommand = javaCommand;
            this.environment = environment;
            this.dir = dir;
        }

        record Run(int exitCode, String output) {
        }

        static StandalonePublisher start(Sandbox sandbox, CassandraNode node, Path dir, Path stateDir)
                throws IOException {
            Path commitLog = Files.createDirectories(dir.resolve("commitlog"));
            StringBuilder yaml = new StringBuilder();
            for (String line : Files.readAllLines(node.configFile())) {
                if (line.startsWith("commitlog_directory:")) {
                    line = "commitlog_directory: " + commitLog;
                } else if (line.startsWith("cdc_raw_directory:")) {
                    line = "cdc_raw_directory: " + dir.resolve("cdc_raw");
                }
                yaml.append(line).append('\n');
            }
            Path yamlFile = dir.resolve("cassandra.yaml");
            Files.writeString(yamlFile, yaml.toString(), StandardCharsets.UTF_8);
            BridgeHome home = BridgeHome.locate();
            List<String> java = new ArrayList<>(List.of(JavaRuntime.java17().javaExecutable(), "-Xmx256m"));
            java.addAll(home.cassandraJvm17Options());
            java.addAll(List.of("-cp", home.serverClasspath("cdc-publisher"), "io.ckbridge.cdc.CdcPublisherMain"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("--cassandra-yaml", yamlFile.toString(),
                    "--bootstrap-servers", sandbox.settings().bootstrapServers(),
                    "--state-dir", stateDir.toString(), "--metrics-port", Integer.toString(port),
                    "--topic-prefix", PREFIX, "--node-id", "damage-test"));
            Map<String, String> environment = Map.of();
            if (sandbox.settings().cassandraAuth()) {
                command.addAll(List.of("--username", SandboxSettings.SUPERUSER));
                environment = Map.of("CASSANDRA_PASSWORD", SandboxSettings.SUPERUSER_PASSWORD);
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("publisher.log").toFile());
            builder.environment().putAll(environment);
            return new StandalonePublisher(builder.start(), port, java, environment, dir);
        }

        int healthStatus() {
            try {
                return HTTP.send(request("/health"), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                assertThat(process.isAlive()).as("the publisher runs (see %s)", dir.resolve("publisher.log"))
                        .isTrue();
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        String health() throws IOException, InterruptedException {
            return HTTP.send(request("/health"), HttpResponse.BodyHandlers.ofString()).body();
        }

        OptionalDouble metric(String name) {
            return StatusEndpoint.metric(port, name);
        }

        /** Runs one of the publisher's subcommands to its end. */
        Run command(String... arguments) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(javaCommand);
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process run = builder.start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(run.exitValue(), output);
        }

        private HttpRequest request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
