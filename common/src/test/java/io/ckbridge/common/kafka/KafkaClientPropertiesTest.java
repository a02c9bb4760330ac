package io.ckbridge.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void theFilesSecuritySettingsGoOverAClientsOwnButNotItsBootstrapServers() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism = PLAIN \n"
                + "bootstrap.servers=elsewhere:9092\nacks=1\n");

        Map<String, Object> merged = KafkaClientProperties.over(Map.of("bootstrap.servers", "kafka:9092",
                "acks", "all", "linger.ms", 2), KafkaClientProperties.load(file.toString()));

        assertThat(merged).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "kafka:9092").containsEntry("acks", "1")
                .containsEntry("linger.ms", 2);
    }

    @Test
    void noFileIsPlaintext() {
        assertThat(KafkaClientProperties.load("")).isEmpty();
        assertThat(KafkaClientProperties.load(null)).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> KafkaClientProperties.load(dir.resolve("missing.properties").toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties")
                .hasMessageContaining(KafkaClientProperties.CLIENT_CONFIG);
    }
}
