package io.ckbridge.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.config.PublisherConfig;
import io.ckbridge.common.config.CassandraConnectionConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line feeds the publisher's config: file, then the options given, then --set. */
class CdcPublisherMainTest {
    @TempDir
    Path dir;

    private static Map<String, String> settings(String... args) throws Exception {
        CdcPublisherMain main = new CdcPublisherMain();
        new CommandLine(main).parseArgs(args);
        return main.settings().toMap();
    }

    @Test
    void optionsGivenGoOverTheFileAndSetOverBoth() throws Exception {
        Path file = dir.resolve("publisher.properties");
        Files.writeString(file, "topic.prefix=from-file\ntopic.partitions=5\nbootstrap.servers=file:9092\n"
                + "cassandra.ssl.enabled=true\n");

        Map<String, String> settings = settings("--config", file.toString(), "--topic-prefix", "from-option",
                "--bootstrap-servers", "option:9092", "--set", "bootstrap.servers=set:9092", "--state-dir", "/s");

        assertThat(settings).containsEntry(PublisherConfig.TOPIC_PREFIX, "from-option")
                .containsEntry(PublisherConfig.BOOTSTRAP_SERVERS, "set:9092")
                .containsEntry(PublisherConfig.STATE_DIR, "/s")
                .containsEntry(CassandraConnectionConfig.SSL_ENABLED, "true");
        assertThat(settings.get(PublisherConfig.TOPIC_PARTITIONS)).as("an option not given keeps the file's value")
                .isEqualTo("5");
    }

    @Test
    void optionsShowTheConfigsDefaultsAndLeaveThemToIt() throws Exception {
        StringWriter help = new StringWriter();
        new CommandLine(new CdcPublisherMain()).usage(new PrintWriter(help));

        assertThat(help.toString()).contains("Topic prefix (default: cdc)")
                .contains("How often cdc_raw is checked (default: 20)");
        Map<String, String> settings = settings("--cassandra-yaml", "/etc/cassandra/cassandra.yaml");
        assertThat(settings).doesNotContainKeys(PublisherConfig.TOPIC_PREFIX, PublisherConfig.POLL_INTERVAL_MS);
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.CASSANDRA_YAML, "/y",
                PublisherConfig.BOOTSTRAP_SERVERS, "k:9092", PublisherConfig.STATE_DIR, "/s"));
        assertThat(config.topicPrefix()).isEqualTo("cdc");
        assertThat(config.pollInterval().toMillis()).isEqualTo(20);
        assertThat(config.connection().contactPoints()).containsExactly("localhost");
    }

    @Test
    void thePasswordComesFromAFileAndKafkaSecurityFromAClientPropertiesFile() throws Exception {
        Path password = dir.resolve("cql.password");
        Files.writeString(password, "s3cret\n");
        Path kafka = dir.resolve("kafka-client.properties");
        Files.writeString(kafka, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        Map<String, String> settings = settings("--password-file", password.toString(), "--kafka-config",
                kafka.toString(), "--cassandra-yaml", "/y", "--bootstrap-servers", "k:9092", "--state-dir", "/s");
        PublisherConfig config = new PublisherConfig(settings);

        assertThat(settings).containsEntry(CassandraConnectionConfig.PASSWORD, "s3cret");
        assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(config.connection().toString()).doesNotContain("s3cret");
    }

    @Test
    void theOperatorCommandsAreSubcommands() {
        CommandLine commands = new CommandLine(new CdcPublisherMain());

        assertThat(commands.getSubcommands()).containsKeys("skip-segment", "damaged-segments");
    }
}
