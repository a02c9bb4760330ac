package io.ckbridge.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Apicurio Registry, serving the Confluent-compatible API at {@code /apis/ccompat/v7} (and its own
 * at {@code /apis/registry/v2} and {@code v3}) on 127.0.0.1, with in-memory storage: schemas last
 * as long as the process. Subjects are BACKWARD-compatible unless set otherwise. It is a Quarkus
 * application that needs Java 21 or newer, found apart from the servers' Java 17.
 */
public final class SchemaRegistryProcess extends ServerProcess {
    public static final String NAME = "schema-registry";
    /** The compatibility of subjects without a level of their own. */
    public static final String DEFAULT_COMPATIBILITY = "BACKWARD";
    static final int REQUIRED_JAVA = 21;

    SchemaRegistryProcess(SandboxLayout layout, SandboxSettings settings) {
        super(NAME, layout, settings);
    }

    @Override
    public String address() {
        return settings.schemaRegistryUrl();
    }

    /** The Confluent-compatible API, as Confluent clients are given it ({@code schema.registry.url}). */
    public String confluentApiUrl() {
        return settings.schemaRegistryUrl() + "/apis/ccompat/v7";
    }

    /** Apicurio's own v2 API, which Apicurio's 2.6 converter and serdes speak. */
    public String apicurioApiUrl() {
        return settings.schemaRegistryUrl() + "/apis/registry/v2";
    }

    /**
     * A connector's settings to write (source) or read (sink) keys and values as Avro through this
     * registry, in Confluent's framing (magic byte 0, the 4-byte schema id the Confluent-compatible
     * API knows, Avro binary), with subjects named {@code <topic>-key} and {@code <topic>-value}.
     */
    public Map<String, String> avroConverterSettings() {
        return avroConverterSettings(apicurioApiUrl());
    }

    /** The same for a registry at {@code apicurioApiUrl} (its {@code /apis/registry/v2}). */
    public static Map<String, String> avroConverterSettings(String apicurioApiUrl) {
        Map<String, String> settings = new TreeMap<>();
        for (String converter : List.of("key.converter", "value.converter")) {
            settings.put(converter, "io.apicurio.registry.utils.converter.AvroConverter");
            settings.put(converter + ".apicurio.registry.url", apicurioApiUrl);
            settings.put(converter + ".apicurio.registry.auto-register", "true");
            // Confluent's framing: a 4-byte id, the content id that /apis/ccompat/v7/schemas/ids/{id} serves
            settings.put(converter + ".apicurio.registry.as-confluent", "true");
            settings.put(converter + ".apicurio.registry.use-id", "contentId");
            settings.put(converter + ".apicurio.registry.headers.enabled", "false");
        }
        return settings;
    }

    @Override
    JavaRuntime runtime(JavaRuntime serversJava) {
        return serversJava.featureVersion() >= REQUIRED_JAVA ? serversJava
                : JavaRuntime.atLeast(REQUIRED_JAVA, "the schema registry (Apicurio Registry 3)");
    }

    /** Quarkus's management interface (/q/health, /q/metrics): the port after the API's. */
    public int managementPort() {
        return settings.schemaRegistryPort() + 1;
    }

    @Override
    void requirePortsFree() {
        Ports.requireFree(name, "127.0.0.1", settings.schemaRegistryPort(), "--schema-registry-port");
        Ports.requireFree(name + " management", "127.0.0.1", managementPort(), "--schema-registry-port");
    }

    /** Nothing to write: its settings are on its command line. (Its Java is looked for before the sandbox starts.) */
    @Override
    void prepare(JavaRuntime java, BridgeHome home) {
    }

    @Override
    List<String> jvmOptions(BridgeHome home) {
        return List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                // what quarkus-run.jar's manifest asks for when run with -jar (here it is on the class path)
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + settings.schemaRegistryPort(),
                // its management interface (health, metrics) is built in; it would take 0.0.0.0:9000
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort(),
                "-Dapicurio.rules.global.compatibility=" + DEFAULT_COMPATIBILITY,
                // no console colours in the log file
                "-Dquarkus.console.color=false");
    }

    @Override
    String classpath(BridgeHome home) {
        return home.serverDir(NAME).resolve("quarkus-run.jar").toString();
    }

    @Override
    String mainClass() {
        return "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    }

    @Override
    List<String> arguments() {
        return List.of();
    }

    /** Ready once the Confluent-compatible API lists subjects (the storage is up). */
    @Override
    boolean isReady() {
        return StatusEndpoint.answersOk(URI.create(confluentApiUrl() + "/subjects"), Duration.ofSeconds(2));
    }

    @Override
    Duration readyTimeout() {
        return Duration.ofSeconds(90);
    }
}
