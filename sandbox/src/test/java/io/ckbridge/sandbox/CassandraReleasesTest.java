package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraReleasesTest {
    @TempDir
    Path root;

    private void server(String folder, String jar) throws IOException {
        Path dir = Files.createDirectories(root.resolve("servers").resolve(folder));
        Files.createFile(dir.resolve(jar));
        Files.createFile(dir.resolve("guava-33.0.jar"));
    }

    @Test
    void findsEachReleaseByItsCassandraAllJarOrderedByVersionNotByName() throws IOException {
        server("cassandra", "cassandra-all-5.0.10.jar");
        server("cassandra-5.0.9", "cassandra-all-5.0.9.jar");
        server("cassandra-5.0.5", "cassandra-all-5.0.5.jar");
        server("kafka", "kafka_2.13-4.1.0.jar");

        CassandraReleases releases = CassandraReleases.of(new BridgeHome(root));

        assertThat(releases.versions()).containsExactly("5.0.5", "5.0.9", "5.0.10");
        assertThat(releases.newest()).isEqualTo("5.0.10");
        assertThat(releases.serverName("5.0.10")).isEqualTo("cassandra");
        assertThat(releases.serverName("5.0.5")).isEqualTo("cassandra-5.0.5");
        assertThat(CassandraReleases.older("5.0.9", "5.0.10")).isTrue();
        assertThat(CassandraReleases.older("5.0.10", "5.0.10")).isFalse();
    }

    @Test
    void aReleaseTheDistributionLacksIsRefusedNamingTheOnesItHas() throws IOException {
        server("cassandra", "cassandra-all-5.0.6.jar");
        server("cassandra-5.0.5", "cassandra-all-5.0.5.jar");

        assertThatThrownBy(() -> CassandraReleases.of(new BridgeHome(root)).serverName("4.1.7"))
                .isInstanceOf(SandboxException.class)
                .hasMessage("No Cassandra 4.1.7 in this distribution; it holds 5.0.5, 5.0.6.");
    }
}
