package io.ckbridge.cli;

import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.sandbox.SandboxDir;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Kafka a command talks to: the sandbox's, unless --bootstrap-server names another. */
public final class KafkaTarget {
    @Mixin
    SandboxDir sandbox;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description =
            "Kafka to use instead of the sandbox's.")
    String bootstrapServer;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file "
            + "(security.protocol, sasl.*, ssl.*), as Kafka's tools take with --command-config.")
    Path kafkaConfig;

    public String bootstrapServers() {
        return bootstrapServer != null ? bootstrapServer : sandbox.settings().bootstrapServers();
    }

    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "bridge-cli");
        return KafkaClientProperties.over(config, KafkaClientProperties.load(kafkaConfig == null ? null
                : kafkaConfig.toString()));
    }
}
