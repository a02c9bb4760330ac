package io.ckbridge.cli;

import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.kafka.KafkaConnectionErrors;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.SandboxDir;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Kafka a command talks to: the sandbox's (securely when the sandbox is secure), unless
 * --bootstrap-server names another; --kafka-config gives the security settings of another.
 */
public final class KafkaTarget {
    private static final String CLIENT_ID = "bridge-cli";

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
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        if (kafkaConfig == null && bootstrapServer == null) {
            return sandbox.access().kafkaClient(config);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return KafkaClientProperties.over(config, KafkaClientProperties.load(kafkaConfig == null ? null
                : kafkaConfig.toString()));
    }

    /**
     * A command's failure with Kafka as a user can act on it: a refused login or handshake says what
     * to check and in which file; anything else says what the command was doing.
     */
    public CliException failure(String doing, Throwable error) {
        String message = KafkaConnectionErrors.explain(CLIENT_ID, bootstrapServers(), error)
                .map(explained -> explained + settingsSource())
                .orElse(doing + " at Kafka " + bootstrapServers() + " failed: " + error.getMessage());
        return new CliException(message, error);
    }

    /** The hint for a Kafka that does not answer: a secured listener waits for a client that speaks its protocol. */
    public String notAnsweringHint() {
        return kafkaConfig == null && !sandbox.access().secure()
                ? " Is it running? A secured Kafka needs --kafka-config FILE." : " Is it running?";
    }

    private String settingsSource() {
        if (kafkaConfig != null) {
            return " (settings from " + kafkaConfig + ")";
        }
        SandboxAccess access = sandbox.access();
        return access.kafkaClientConfigFile().map(file -> " (the sandbox's settings, as in " + file + ")").orElse("");
    }
}
