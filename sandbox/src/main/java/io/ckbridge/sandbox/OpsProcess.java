package io.ckbridge.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ops server (dashboard, JSON API, metrics) watching the whole sandbox: Kafka, Connect, every
 * node over JMX, every publisher and the materializer, and the schema registry when there is one;
 * it runs repairs, with its state in the sandbox's Cassandra (logging in as every component does).
 */
public final class OpsProcess extends StatusProcess {
    public static final String NAME = "ops";

    private final List<CassandraNode> nodes;
    private final List<CdcPublisherProcess> publishers;
    private final MaterializerProcess materializer;

    OpsProcess(SandboxLayout layout, SandboxSettings settings, List<CassandraNode> nodes,
            List<CdcPublisherProcess> publishers, MaterializerProcess materializer) {
        super(NAME, layout, settings);
        this.nodes = nodes;
        this.publishers = publishers;
        this.materializer = materializer;
    }

    @Override
    public int metricsPort() {
        return settings.opsPort();
    }

    @Override
    public String address() {
        return "http://127.0.0.1:" + metricsPort() + "/";
    }

    @Override
    void requirePortsFree() {
        Ports.requireFree(name, "127.0.0.1", metricsPort(), "--ops-port");
    }

    @Override
    List<String> jvmOptions(BridgeHome home) {
        return List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    }

    @Override
    String classpath(BridgeHome home) {
        return home.serverClasspath(NAME);
    }

    @Override
    String mainClass() {
        return "io.ckbridge.ops.OpsMain";
    }

    @Override
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--port", Integer.toString(metricsPort()),
                "--connect-url", settings.connectUrl(),
                "--bootstrap-servers", settings.bootstrapServers(),
                "--cassandra-jmx", nodes.stream().map(node -> "127.0.0.1:" + node.jmxPort())
                        .collect(Collectors.joining(",")),
                "--publisher-metrics", publishers.stream().map(StatusProcess::address)
                        .collect(Collectors.joining(",")),
                "--materializer-metrics", materializer.address(),
                // the log and config findings read the sandbox's own files
                "--logs", layout.logs().toString(),
                "--cassandra-yaml", nodes.stream().map(node -> node.configFile().toString())
                        .collect(Collectors.joining(",")),
                "--connect-worker-config", layout.conf().resolve("connect-distributed.properties").toString(),
                // the sandbox's Connect commits every 5 s: three silent flushes with records waiting is STOP
                "--set", "lag.stop.min.ms=15000",
                // a segment postponed while a replica is down or compacting runs within 2 s of its return
                // (not the 10 s of a production cluster, where a node's return is no matter of seconds)
                "--set", "repair.postpone.recheck.ms=2000",
                // repair, its state in the sandbox's Cassandra
                "--repair", "--cassandra", String.join(",", settings.cassandraContactPoints())));
        if (settings.schemaRegistry()) {
            arguments.addAll(List.of("--schema-registry", settings.schemaRegistryUrl()));
        }
        return withCredentials(arguments);
    }

    /** Ready once its API answers: its /health is 503 until the first poll, which waits for Kafka. */
    @Override
    boolean isReady() {
        return StatusEndpoint.answersOk(URI.create(address() + "metrics"), Duration.ofSeconds(2));
    }

    @Override
    Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }
}
