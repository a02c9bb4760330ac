package io.ckbridge.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The CDC materializer (Kafka Streams): raw changes of every publisher in, full-row change events out. */
public final class MaterializerProcess extends StatusProcess {
    public static final String NAME = "materializer";
    /** The materializer's own setting names (its module is not on the sandbox's class path). */
    static final String OUTPUT_FORMAT = "output.format";
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /**
     * The consumer session of a materializer that dies without leaving its group (kill -9, a JVM
     * crash): its tasks move to the one restarted in its place only once this runs out. Kafka's
     * 45 s made each kill of the sandbox's materializer cost 45 s, or 90 s when the restarted one
     * was killed again before it joined. Heartbeats go every 3 s, from a thread of their own.
     */
    static final int SESSION_TIMEOUT_MS = 10_000;

    MaterializerProcess(SandboxLayout layout, SandboxSettings settings) {
        super(NAME, layout, settings);
    }

    @Override
    public int metricsPort() {
        return settings.materializerPort();
    }

    @Override
    void requirePortsFree() {
        Ports.requireFree(name, "127.0.0.1", metricsPort(), "--materializer-port");
    }

    /**
     * First call on the CPU where allowed (root or CAP_SYS_NICE). In production the materializer
     * has a host of its own; here it shares two cores with three Cassandra nodes, their
     * publishers and Kafka, each in a session the kernel gives an equal share: at 2,000 writes/s
     * it then made under half the events while the writes ran. At 500 writes/s it needs about a
     * fifth of a core, so the others lose little.
     */
    @Override
    int cpuNice() {
        return -10;
    }

    @Override
    List<String> jvmOptions(BridgeHome home) {
        return SMALL_JVM;
    }

    @Override
    String classpath(BridgeHome home) {
        return home.serverClasspath(NAME);
    }

    @Override
    String mainClass() {
        return "io.ckbridge.materializer.MaterializerMain";
    }

    @Override
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--bootstrap-servers", settings.bootstrapServers(),
                "--cassandra", SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort(),
                "--local-datacenter", SandboxSettings.DATACENTER,
                "--state-dir", serverDir().resolve("state").toString(),
                "--metrics-port", Integer.toString(metricsPort()),
                "--set", "streams.session.timeout.ms=" + SESSION_TIMEOUT_MS));
        Map<String, String> properties = new TreeMap<>(settings.materializerProperties());
        // Avro output goes through the sandbox's registry unless another is named
        if ("avro".equals(properties.get(OUTPUT_FORMAT)) && settings.schemaRegistry()) {
            properties.putIfAbsent(SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl());
        }
        properties.forEach((key, value) -> arguments.addAll(List.of("--set", key + "=" + value)));
        return withCredentials(arguments);
    }

    @Override
    Duration readyTimeout() {
        return Duration.ofSeconds(90);
    }
}
