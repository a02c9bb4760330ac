package io.ckbridge.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A bridge process of ours (CDC publisher, materializer) with {@code /metrics} and {@code /health}
 * on 127.0.0.1: ready when healthy, and given the CQL password by environment, never on its command line.
 */
public abstract class StatusProcess extends ServerProcess {
    protected StatusProcess(String name, SandboxLayout layout, SandboxSettings settings) {
        super(name, layout, settings);
    }

    /** A small heap: these processes hold little beyond Kafka clients and (materializer) RocksDB off heap. */
    static final List<String> SMALL_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");

    public abstract int metricsPort();

    @Override
    void prepare(JavaRuntime java, BridgeHome home) {
    }

    /**
     * The arguments, and how the process logs in: on a secure sandbox the generated client files
     * (the Cassandra user and TLS keys, the Kafka client properties: references, not passwords);
     * with plain authentication the CQL user name (its password goes by environment).
     */
    List<String> withCredentials(List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        if (settings.secure()) {
            all.addAll(List.of("--config", layout.cassandraClientConfig().toString(),
                    "--kafka-config", layout.kafkaClientConfig().toString()));
        } else if (settings.cassandraAuth()) {
            all.addAll(List.of("--username", SandboxSettings.SUPERUSER));
        }
        return all;
    }

    @Override
    public String address() {
        return StatusEndpoint.metricsUrl(metricsPort());
    }

    /** One value from the process's Prometheus /metrics, or empty when it does not answer. */
    public OptionalDouble metric(String name) {
        return StatusEndpoint.metric(metricsPort(), name);
    }

    @Override
    boolean isReady() {
        return StatusEndpoint.healthy(metricsPort());
    }

    @Override
    Map<String, String> environment() {
        return settings.cassandraAuth() && !settings.secure()
                ? Map.of("CASSANDRA_PASSWORD", SandboxSettings.SUPERUSER_PASSWORD) : Map.of();
    }
}
