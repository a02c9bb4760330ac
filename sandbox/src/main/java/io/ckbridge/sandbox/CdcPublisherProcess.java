package io.ckbridge.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The CDC publisher beside one Cassandra node: reads the node's cdc_raw and publishes raw changes to Kafka. */
public final class CdcPublisherProcess extends StatusProcess {
    private final CassandraNode node;

    CdcPublisherProcess(CassandraNode node, SandboxLayout layout, SandboxSettings settings) {
        super("cdc-publisher-" + node.index(), layout, settings);
        this.node = node;
    }

    @Override
    public int metricsPort() {
        return settings.cdcMetricsPort() + node.index() - 1;
    }

    @Override
    void requirePortsFree() {
        Ports.requireFree(name, "127.0.0.1", metricsPort(), "--cdc-metrics-port");
    }

    @Override
    List<String> jvmOptions(BridgeHome home) {
        List<String> options = new ArrayList<>(SMALL_JVM);
        options.addAll(home.cassandraJvm17Options());
        return options;
    }

    @Override
    String classpath(BridgeHome home) {
        return home.serverClasspath("cdc-publisher");
    }

    @Override
    String mainClass() {
        return "io.ckbridge.cdc.CdcPublisherMain";
    }

    @Override
    List<String> arguments() {
        return withCredentials(List.of(
                "--cassandra-yaml", node.configFile().toString(),
                "--bootstrap-servers", settings.bootstrapServers(),
                "--state-dir", serverDir().toString(),
                "--metrics-port", Integer.toString(metricsPort()),
                "--node-id", node.host()));
    }

    /**
     * Up once it serves its metrics: its /health turns 503 while Kafka settles after a restart or a
     * damaged segment waits for a person, and the sandbox must still start around it.
     */
    @Override
    boolean isReady() {
        return StatusEndpoint.answersOk(URI.create(StatusEndpoint.metricsUrl(metricsPort())),
                Duration.ofSeconds(2));
    }

    @Override
    Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    Duration stopTimeout() {
        return Duration.ofSeconds(15);
    }
}
