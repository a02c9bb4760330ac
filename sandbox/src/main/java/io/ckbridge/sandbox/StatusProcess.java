package io.ckbridge.sandbox;

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

    public abstract int metricsPort();

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
        return settings.cassandraAuth() ? Map.of("CASSANDRA_PASSWORD", SandboxSettings.SUPERUSER_PASSWORD) : Map.of();
    }
}
