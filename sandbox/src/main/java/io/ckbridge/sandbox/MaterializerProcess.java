package io.ckbridge.sandbox;

import java.time.Duration;
import java.util.List;

/** The CDC materializer (Kafka Streams): raw changes of every publisher in, full-row change events out. */
public final class MaterializerProcess extends StatusProcess {
    public static final String NAME = "materializer";

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
        return withCredentials(List.of(
                "--bootstrap-servers", settings.bootstrapServers(),
                "--cassandra", SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort(),
                "--local-datacenter", SandboxSettings.DATACENTER,
                "--state-dir", serverDir().resolve("state").toString(),
                "--metrics-port", Integer.toString(metricsPort())));
    }

    @Override
    Duration readyTimeout() {
        return Duration.ofSeconds(90);
    }
}
