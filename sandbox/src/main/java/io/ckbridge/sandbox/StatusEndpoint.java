package io.ckbridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** The {@code /metrics} and {@code /health} of a bridge process (CDC publisher, materializer) on 127.0.0.1. */
public final class StatusEndpoint {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StatusEndpoint() {
    }

    public static String metricsUrl(int port) {
        return "http://127.0.0.1:" + port + "/metrics";
    }

    /** One value from the Prometheus text, or empty when the process does not answer. */
    public static OptionalDouble metric(int port, String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl(port)))
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

    /** The body {@code /health} answers, whatever its status; empty when the process does not answer. */
    public static String health(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Whether {@code /health} answers 200. */
    public static boolean healthy(int port) {
        return answersOk(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(2));
    }

    /** Whether a GET of {@code uri} answers 200 within {@code timeout}; false when nothing answers. */
    static boolean answersOk(URI uri, Duration timeout) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
