package io.ckbridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The CDC publisher beside one Cassandra node: reads the node's cdc_raw and publishes raw changes to Kafka. */
public final class CdcPublisherProcess extends ServerProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CassandraNode node;

    CdcPublisherProcess(CassandraNode node, SandboxLayout layout, SandboxSettings settings) {
        super("cdc-publisher-" + node.index(), layout, settings);
        this.node = node;
    }

    public int metricsPort() {
        return settings.cdcMetricsPort() + node.index() - 1;
    }

    @Override
    public String address() {
        return "http://127.0.0.1:" + metricsPort() + "/metrics";
    }

    @Override
    void requirePortsFree() {
        Ports.requireFree(name, "127.0.0.1", metricsPort(), "--cdc-metrics-port");
    }

    @Override
    void prepare(JavaRuntime java, BridgeHome home) {
    }

    @Override
    List<String> jvmOptions(BridgeHome home) {
        List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx384m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
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
        List<String> arguments = new ArrayList<>(List.of(
                "--cassandra-yaml", node.configFile().toString(),
                "--bootstrap-servers", settings.bootstrapServers(),
                "--state-dir", serverDir().toString(),
                "--metrics-port", Integer.toString(metricsPort()),
                "--node-id", node.host()));
        if (settings.cassandraAuth()) {
            arguments.addAll(List.of("--username", SandboxSettings.SUPERUSER));
        }
        return arguments;
    }

    @Override
    Map<String, String> environment() {
        return settings.cassandraAuth() ? Map.of("CASSANDRA_PASSWORD", SandboxSettings.SUPERUSER_PASSWORD) : Map.of();
    }

    /** One value from the publisher's Prometheus /metrics, or empty when it does not answer. */
    public OptionalDouble metric(String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(address()))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return OptionalDouble.of(Double.parseDouble(line.substring(name.length() + 1).trim()));
                }
            }
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalDouble.empty();
    }

    @Override
    boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
