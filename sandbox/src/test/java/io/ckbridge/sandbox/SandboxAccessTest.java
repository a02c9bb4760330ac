package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.sandbox.secure.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxAccessTest {
    @TempDir
    Path dir;

    @Test
    void aPlainSandboxNeedsNoKafkaSecurityAndNoCassandraLogin() {
        SandboxAccess access = new SandboxAccess(new SandboxLayout(dir), SandboxSettings.defaults());

        assertThat(access.kafkaSecurity()).isEmpty();
        assertThat(access.kafkaClient(Map.of("acks", "all"))).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("acks", "all").hasSize(2);
        CassandraConnection cassandra = access.cassandra();
        assertThat(cassandra.contactPoints()).containsExactly("127.0.0.1:9042");
        assertThat(cassandra.hasCredentials()).isFalse();
        assertThat(cassandra.sslEnabled()).isFalse();
        assertThat(access.kafkaClientConfigFile()).isEmpty();
    }

    @Test
    void plainAuthenticationLogsInAsTheDefaultSuperuser() {
        SandboxAccess access = new SandboxAccess(new SandboxLayout(dir),
                SandboxSettings.defaults().withCassandraAuth(true));

        assertThat(access.cassandra().username()).isEqualTo("cassandra");
        assertThat(access.connectorSettings()).containsEntry("cassandra.username", "cassandra")
                .containsEntry("cassandra.port", "9042");
    }

    @Test
    void aSecureSandboxsSettingsReferToItsSecretsWhichResolveWhereTheyAreRead() {
        SandboxLayout layout = new SandboxLayout(dir);
        Secrets secrets = Secrets.ensure(layout.secretsFile());
        SandboxAccess access = new SandboxAccess(layout, SandboxSettings.defaults().withSecure(true));

        Map<String, Object> kafka = access.kafkaClient(Map.of());
        assertThat(kafka).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", layout.certificates().truststore().toString())
                .containsEntry("config.providers", "file");
        assertThat(kafka.get("sasl.jaas.config").toString()).contains("username=\"bridge\"",
                "${file:" + layout.secretsFile() + ":kafka.password}");
        // Kafka's own config classes resolve the references
        AdminClientConfig resolved = new AdminClientConfig(kafka);
        assertThat(resolved.getPassword("sasl.jaas.config").value())
                .contains("password=\"" + secrets.value(Secrets.KAFKA_PASSWORD) + "\"");

        CassandraConnection cassandra = access.cassandra();
        assertThat(cassandra.username()).isEqualTo(SandboxAccess.USER);
        assertThat(cassandra.password().value()).isEqualTo(secrets.value(Secrets.CASSANDRA_PASSWORD));
        assertThat(cassandra.keystorePassword().value()).isEqualTo(secrets.value(Secrets.STORE_PASSWORD));
        assertThat(cassandra.sslEnabled()).isTrue();
        assertThat(cassandra.keystorePath()).isEqualTo(layout.certificates().clientKeystore().toString());

        String everything = kafka + " " + access.cassandraSettings() + " " + access.connectorSettings() + " "
                + cassandra + " " + access;
        secrets.values().forEach(password -> assertThat(everything).doesNotContain(password));
    }

    @Test
    void theClientFilesHoldReferencesAndNoContactPointAndGoAwayWhenTheSandboxIsPlainAgain() throws Exception {
        SandboxLayout layout = new SandboxLayout(dir);
        layout.createDirectories();
        Secrets secrets = Secrets.ensure(layout.secretsFile());
        new SandboxAccess(layout, SandboxSettings.defaults().withSecure(true)).writeClientConfigs();

        Properties kafka = load(layout.kafkaClientConfig());
        assertThat(kafka.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        Properties cassandra = load(layout.cassandraClientConfig());
        assertThat(cassandra.getProperty("cassandra.username")).isEqualTo("bridge");
        assertThat(cassandra.getProperty("cassandra.password")).startsWith("${file:");
        assertThat(cassandra).doesNotContainKey("cassandra.contact.points");
        String text = Files.readString(layout.kafkaClientConfig()) + Files.readString(layout.cassandraClientConfig());
        secrets.values().forEach(password -> assertThat(text).doesNotContain(password));

        new SandboxAccess(layout, SandboxSettings.defaults()).writeClientConfigs();
        assertThat(layout.kafkaClientConfig()).doesNotExist();
        assertThat(layout.cassandraClientConfig()).doesNotExist();
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
