package io.ckbridge.it.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The sandbox's ops server over HTTP, as a user's script would call it. */
public final class OpsApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpsApi() {
    }

    public static HttpResponse<String> get(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return send(sandbox, path, "GET", null, null);
    }

    static HttpResponse<String> post(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return send(sandbox, path, "POST", null, null);
    }

    public static HttpResponse<String> send(Sandbox sandbox, String path, String method, String json, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.ops().address() + path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    public static JsonNode getJson(Sandbox sandbox, String path) throws IOException, InterruptedException {
        return json(get(sandbox, path));
    }

    /** A group of {@code /api/lag}, if it is there (and the first poll is done). */
    static Optional<JsonNode> group(Sandbox sandbox, String group) throws IOException, InterruptedException {
        HttpResponse<String> lag = get(sandbox, "/api/lag");
        if (lag.statusCode() != 200) {
            return Optional.empty();
        }
        return StreamSupport.stream(json(lag).path("groups").spliterator(), false)
                .filter(g -> g.path("group").asText().equals(group)).findFirst();
    }

    /** The finding of that id in {@code /api/findings}, if it holds now. */
    static Optional<JsonNode> finding(Sandbox sandbox, String id) throws IOException, InterruptedException {
        HttpResponse<String> findings = get(sandbox, "/api/findings");
        if (findings.statusCode() != 200) {
            return Optional.empty();
        }
        return StreamSupport.stream(json(findings).path("findings").spliterator(), false)
                .filter(f -> f.path("id").asText().equals(id)).findFirst();
    }

    static String connectorState(Sandbox sandbox, String name) throws IOException, InterruptedException {
        for (JsonNode connector : getJson(sandbox, "/api/connectors")) {
            if (connector.path("name").asText().equals(name)) {
                return connector.path("state").asText();
            }
        }
        return "absent";
    }
}
