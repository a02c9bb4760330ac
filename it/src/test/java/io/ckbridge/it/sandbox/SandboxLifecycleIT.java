package io.ckbridge.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.DistCommand;
import io.ckbridge.it.TestDirs;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxException;
import io.ckbridge.sandbox.SandboxSettings;
import io.ckbridge.sandbox.ServerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class SandboxLifecycleIT {

    @Test
    void stopAndStartKeepCassandraRowsAndKafkaRecords(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(
                    "CREATE KEYSPACE lifecycle WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
                    + "1}");
            session.execute("CREATE TABLE lifecycle.kept (id int PRIMARY KEY, note text)");
            session.execute("INSERT INTO lifecycle.kept (id, note) VALUES (1, 'before restart')");
        }
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            producer.send(new ProducerRecord<>("lifecycle-kept", "k", "before restart")).get();
        }

        sandbox.stop(line -> { });
        assertThat(sandbox.status()).noneMatch(ServerStatus::up);
        sandbox.start(line -> { });
        assertThat(sandbox.status()).allMatch(ServerStatus::up);

        try (CqlSession session = Clients.cql(sandbox)) {
            assertThat(session.execute("SELECT note FROM lifecycle.kept WHERE id = 1").one().getString("note"))
                    .isEqualTo("before restart");
        }
        List<ConsumerRecord<String, String>> records = Clients.readAll(sandbox, "lifecycle-kept");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("before restart");
    }

    @Test
    void startingARunningSandboxSaysSoAndSucceeds(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "sandbox", "start", "--dir", sandbox.layout().root()
                .toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("already running");
    }

    @Test
    void statusShowsEveryServerUpWithPidAndAddress(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "sandbox", "status", "--dir", sandbox.layout()
                .root().toString());

        assertThat(result.exitCode()).isZero();
        for (ServerStatus status : sandbox.status()) {
            assertThat(result.out()).containsPattern(status.name() + "\\s+up\\s+" + status.pid() + "\\s+"
                    + status.address().replace(".", "\\."));
        }
    }

    @Test
    void logsCommandPrintsTheEndOfAServerLog(Sandbox sandbox) {
        DistCommand.Result result = DistCommand.run(null, "bridge", "sandbox", "logs", "kafka", "-n", "5",
                "--dir", sandbox.layout().root().toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSize(5);
        assertThat(sandbox.layout().logFile("kafka")).exists();
    }

    @Test
    void aBusyPortIsNamedWithItsServerAndOptionAndNothingIsLeftRunning(Sandbox sandbox) {
        SandboxSettings clash = SandboxSettings.onFreePorts(1).withCassandraPort(sandbox.settings().cassandraPort());
        Sandbox other = Sandbox.create(TestDirs.fresh("busy-port"), clash);

        assertThatThrownBy(() -> other.start(line -> { }))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("cassandra-1")
                .hasMessageContaining("port " + sandbox.settings().cassandraPort())
                .hasMessageContaining("--cassandra-port");
        assertThat(other.status()).noneMatch(ServerStatus::up);
    }

    @Test
    void aServerThatDiesDuringStartIsReportedWithItsLogAndWhatStartedIsStopped() throws Exception {
        Path dir = TestDirs.fresh("dies-during-start");
        // Kafka cannot use a log directory that is a file: it fails after Cassandra is up.
        Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(dir.resolve("kafka").resolve("data"), "not a directory");
        Sandbox broken = Sandbox.create(dir, SandboxSettings.onFreePorts(1));

        assertThatThrownBy(() -> broken.start(line -> { }))
                .isInstanceOf(SandboxException.class)
                .hasMessageStartingWith("kafka")
                .hasMessageContaining("Last lines of " + dir.resolve("logs").resolve("kafka.log"));
        assertThat(broken.status()).noneMatch(ServerStatus::up);
    }
}
