package io.ckbridge.cli;

import io.ckbridge.sandbox.SandboxDir;
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

    public String bootstrapServers() {
        return bootstrapServer != null ? bootstrapServer : sandbox.settings().bootstrapServers();
    }

    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "bridge-cli");
        return config;
    }
}
