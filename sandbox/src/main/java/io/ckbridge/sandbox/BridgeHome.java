package io.ckbridge.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;

/**
 * The installed distribution: {@code servers/<server>/} holds each server's own jars and
 * {@code plugins/} the Kafka Connect plugin folders. Found through {@code -Dbridge.home} (set by
 * {@code bin/bridge} and by the integration tests) or the BRIDGE_HOME environment variable.
 */
public record BridgeHome(Path root) {
    public static final String PROPERTY = "bridge.home";

    public static BridgeHome locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("BRIDGE_HOME");
        }
        if (configured == null || configured.isBlank()) {
            throw new SandboxException("The bridge distribution was not found: run through ./bridge or"
                    + " dist/target/bridge/bin/bridge, or set BRIDGE_HOME to the distribution folder.");
        }
        BridgeHome home = new BridgeHome(Path.of(configured).toAbsolutePath().normalize());
        if (!Files.isDirectory(home.root().resolve("servers"))) {
            throw new SandboxException("The bridge distribution at " + home.root()
                    + " has no servers/ folder: rebuild it with 'mvn -pl dist -am package -DskipTests'.");
        }
        return home;
    }

    /** Classpath of one server: every jar in {@code servers/<server>}, as a JVM wildcard entry. */
    public String serverClasspath(String server) {
        return serverDir(server) + "/*";
    }

    /** A server's folder, {@code servers/<server>}; a clear error when the distribution lacks it. */
    public Path serverDir(String server) {
        Path dir = root.resolve("servers").resolve(server);
        if (!Files.isDirectory(dir)) {
            throw new SandboxException("The distribution at " + root + " lacks servers/" + server
                    + ": rebuild it with 'mvn -pl dist -am package -DskipTests'.");
        }
        return dir;
    }

    /**
     * The module openings Cassandra's code needs on Java 17 (from Cassandra's
     * conf/jvm17-server.options), for the nodes and for the CDC publisher that reads their commit logs.
     */
    public List<String> cassandraJvm17Options() {
        Path file = root.resolve("conf").resolve("cassandra-jvm17.options");
        try {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String option = line.trim();
                if (!option.isEmpty() && !option.startsWith("#")) {
                    options.addAll(List.of(option.split("\\s+")));
                }
            }
            return options;
        } catch (IOException e) {
            throw new SandboxException("The distribution at " + root
                    + " lacks conf/cassandra-jvm17.options: rebuild it.", e);
        }
    }

    public Path pluginPath() {
        return root.resolve("plugins");
    }
}
