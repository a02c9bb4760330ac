package io.ckbridge.sandbox;

import io.ckbridge.sandbox.secure.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sandbox keeps things: one folder per server's data, plus conf/, logs/, run/ and plugins/;
 * a secure sandbox also conf/tls/ and conf/secrets/.
 */
public record SandboxLayout(Path root) {
    public static final Path DEFAULT_DIR = Path.of(".bridge", "sandbox");

    public SandboxLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /**
     * Connector plugins of the user's own (a peer's connector, an SMT), one folder each, on the
     * Connect worker's plugin.path beside the distribution's; read when the worker starts.
     */
    public Path plugins() {
        return root.resolve("plugins");
    }

    public Path run() {
        return root.resolve("run");
    }

    public Path serverDir(String server) {
        return root.resolve(server);
    }

    public Path logFile(String server) {
        return logs().resolve(server + ".log");
    }

    public Path pidFile(String server) {
        return run().resolve(server + ".pid");
    }

    public Path settingsFile() {
        return root.resolve("sandbox.json");
    }

    /** A secure sandbox's generated passwords (mode 600, in a folder of mode 700). */
    public Path secretsFile() {
        return conf().resolve("secrets").resolve("secrets.properties");
    }

    /** A secure sandbox's CA, keystores and truststore. */
    public Certificates certificates() {
        return new Certificates(conf().resolve("tls"));
    }

    /** A secure sandbox's Kafka client properties, as Kafka's tools take with --command-config. */
    public Path kafkaClientConfig() {
        return conf().resolve("kafka-client.properties");
    }

    /** A secure sandbox's cassandra.* connection keys, as {@code bridge cql --cassandra-config} takes them. */
    public Path cassandraClientConfig() {
        return conf().resolve("cassandra-client.properties");
    }

    void createDirectories() {
        try {
            Files.createDirectories(conf());
            Files.createDirectories(logs());
            Files.createDirectories(run());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the sandbox folder " + root, e);
        }
    }
}
