package io.ckbridge.materializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.common.kafka.KafkaClientProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializerConfigTest {
    @TempDir
    Path dir;

    @Test
    void theKafkaClientPropertiesReachEveryStreamsClientAndStreamsOverridesStillWin() throws IOException {
        Path file = dir.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nbootstrap.servers=elsewhere:1\n"
                + "ssl.truststore.location=/t.p12\n");
        MaterializerConfig config = new MaterializerConfig(Map.of(MaterializerConfig.BOOTSTRAP_SERVERS, "kafka:9092",
                KafkaClientProperties.CLIENT_CONFIG, file.toString(), "streams.sasl.mechanism", "SCRAM-SHA-512"));

        Properties streams = config.streamsProperties();

        assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/t.p12")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "SASL_SSL");
    }
}
