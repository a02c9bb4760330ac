package io.ckbridge.it.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Connectors;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connectors as users install them: each zip of the distribution's {@code packages/} is a
 * Confluent Hub component archive, checked as {@code confluent connect plugin install} reads one
 * (one folder named owner-name-version holding manifest.json, whose license is a list), and the
 * sandbox's worker loads them from {@code plugins/}, laid out as that installer lays them out.
 */
@BridgeSandbox
class ConnectPluginsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theWorkerListsTheProjectsConnectorsFromTheirPluginFolders(Sandbox sandbox) {
        assertThat(Connectors.client(sandbox).pluginClasses())
                .contains("io.ckbridge.sink.CassandraSinkConnector", "io.ckbridge.source.CassandraSourceConnector");
    }

    @ParameterizedTest
    @CsvSource({"cassandra-sink, sink, io.ckbridge.sink.CassandraSinkConnector, cassandra-sink.properties",
            "cassandra-source, source, io.ckbridge.source.CassandraSourceConnector, cassandra-source.properties"})
    void eachConnectorZipIsAComponentArchiveAndItsInstalledFormIsThePluginFolder(String name, String type,
            String connectorClass, String exampleProperties) throws IOException {
        Path zip = onlyZip(name);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> entries = archive.stream().filter(entry -> !entry.isDirectory()).map(ZipEntry::getName)
                    .toList();
            List<String> manifests = entries.stream().filter(entry -> entry.matches("[^/]+/manifest\\.json"))
                    .toList();
            assertThat(manifests).as("exactly one manifest, one folder deep").hasSize(1);
            JsonNode manifest = JSON.readTree(archive.getInputStream(archive.getEntry(manifests.get(0))));
            String top = manifest.path("owner").path("username").asText() + "-" + manifest.path("name").asText()
                    + "-" + manifest.path("version").asText();
            assertThat(manifests.get(0)).isEqualTo(top + "/manifest.json");
            assertThat(zip.getFileName().toString()).isEqualTo(top + ".zip");
            assertThat(manifest.path("version").asText()).doesNotContain("${");
            assertThat(manifest.path("component_types")).extracting(JsonNode::asText).containsExactly(type);
            assertThat(manifest.path("license").isArray()).as("license is a list").isTrue();
            assertThat(manifest.path("license").get(0).path("name").asText()).contains("Apache");
            assertThat(entries).allMatch(entry -> entry.startsWith(top + "/"))
                    .contains(top + "/doc/LICENSE", top + "/doc/README.md", top + "/etc/" + exampleProperties);
            List<String> jars = entries.stream().filter(entry -> entry.endsWith(".jar") || entry.endsWith(".zip"))
                    .toList();
            assertThat(jars).as("no archive outside lib/: Connect would load it").allMatch(
                    jar -> jar.startsWith(top + "/lib/"));
            assertThat(jars).as("nothing the worker provides").noneMatch(jar -> jar.matches(
                    ".*/(kafka-clients|connect-api|slf4j-api)-[^/]*\\.jar"));
            assertThat(jars).anyMatch(jar -> jar.matches(top + "/lib/bridge-" + type + "-[^/]*\\.jar"));

            Path installed = DistCommand.home().resolve("plugins").resolve("ckbridge-" + name);
            Set<String> inFolder = new TreeSet<>();
            try (Stream<Path> files = Files.walk(installed)) {
                files.filter(Files::isRegularFile).forEach(file -> inFolder.add(installed.relativize(file).toString()));
            }
            Set<String> inZip = new TreeSet<>();
            entries.forEach(entry -> inZip.add(entry.substring(top.length() + 1)));
            assertThat(inFolder).as("plugins/ckbridge-%s is the archive installed", name).isEqualTo(inZip);
            assertThat(Files.readString(installed.resolve("etc").resolve(exampleProperties)))
                    .contains("connector.class=" + connectorClass);
        }
    }

    private static Path onlyZip(String name) throws IOException {
        try (Stream<Path> packages = Files.list(DistCommand.home().resolve("packages"))) {
            List<Path> zips = packages.filter(file -> file.getFileName().toString()
                    .matches("ckbridge-" + name + "-.*\\.zip")).toList();
            assertThat(zips).hasSize(1);
            return zips.get(0);
        }
    }
}
