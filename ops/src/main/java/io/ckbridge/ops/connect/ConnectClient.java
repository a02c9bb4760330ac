package io.ckbridge.ops.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kafka Connect REST API, as used by the CLI, the demo and the tests. */
public final class ConnectClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        get("/connectors").forEach(node -> names.add(node.asText()));
        return names;
    }

    /** Connector plugin classes installed on the worker. */
    public List<String> pluginClasses() {
        List<String> classes = new ArrayList<>();
        get("/connector-plugins").forEach(node -> classes.add(node.get("class").asText()));
        return classes;
    }

    /** Creates a connector, or updates its configuration if it exists. */
    public JsonNode put(String name, Map<String, String> config) {
        return send("PUT", "/connectors/" + encode(name) + "/config", JSON.valueToTree(config));
    }

    /** Creates a connector from a {"name": ..., "config": {...}} document, as POST /connectors takes it. */
    public JsonNode create(JsonNode definition) {
        return send("POST", "/connectors", definition);
    }

    public JsonNode validate(String pluginClass, Map<String, String> config) {
        String simpleName = pluginClass.substring(pluginClass.lastIndexOf('.') + 1);
        return send("PUT", "/connector-plugins/" + encode(simpleName) + "/config/validate", JSON.valueToTree(config));
    }

    public JsonNode status(String name) {
        return get("/connectors/" + encode(name) + "/status");
    }

    public boolean exists(String name) {
        return request("GET", "/connectors/" + encode(name), null).statusCode() == 200;
    }

    public void delete(String name) {
        HttpResponse<String> response = request("DELETE", "/connectors/" + encode(name), null);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new ConnectRestException("DELETE /connectors/" + name, response.statusCode(), response.body());
        }
    }

    public void restart(String name, boolean includeTasks) {
        HttpResponse<String> response = request("POST", "/connectors/" + encode(name) + "/restart?includeTasks="
                + includeTasks, null);
        if (response.statusCode() >= 300) {
            throw new ConnectRestException("restart " + name, response.statusCode(), response.body());
        }
    }

    /** Stops a connector (state STOPPED: no tasks, config kept), as needed before its offsets can be reset. */
    public void stop(String name) {
        HttpResponse<String> response = request("PUT", "/connectors/" + encode(name) + "/stop", null);
        if (response.statusCode() >= 300) {
            throw new ConnectRestException("stop " + name, response.statusCode(), response.body());
        }
    }

    /**
     * Deletes a connector together with its stored source offsets, so a connector created later
     * under the same name starts afresh (Kafka Connect otherwise keeps offsets by name).
     */
    public void deleteWithOffsets(String name) {
        if (!exists(name)) {
            return;
        }
        stop(name);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STOPPED".equals(status(name).path("connector").path("state").asText())) {
            if (System.currentTimeMillis() > deadline) {
                throw new ConnectRestException("stop " + name, 0, "the connector did not stop within 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // A stopping task may still commit its last offsets just after the reset: reset until a
        // second look, a moment later, finds none.
        int emptyLooks = 0;
        for (int attempt = 0; emptyLooks < 2; attempt++) {
            if (attempt == 10) {
                throw new ConnectRestException("DELETE /connectors/" + name + "/offsets", 0,
                        "offsets came back after 10 resets");
            }
            if (storedOffsets(name).isEmpty()) {
                emptyLooks++;
            } else {
                emptyLooks = 0;
                HttpResponse<String> response = request("DELETE", "/connectors/" + encode(name) + "/offsets", null);
                if (response.statusCode() >= 300) {
                    throw new ConnectRestException("DELETE /connectors/" + name + "/offsets", response.statusCode(),
                            response.body());
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        delete(name);
    }

    /** Every connector with its status and info (GET /connectors?expand=status&expand=info). */
    public JsonNode expanded() {
        return get("/connectors?expand=status&expand=info");
    }

    public void pause(String name) {
        action("PUT", "/connectors/" + encode(name) + "/pause", "pause " + name);
    }

    public void resume(String name) {
        action("PUT", "/connectors/" + encode(name) + "/resume", "resume " + name);
    }

    /** Deletes a stopped connector's stored offsets (Kafka 3.6+): it starts from scratch when resumed. */
    public JsonNode deleteOffsets(String name) {
        return send("DELETE", "/connectors/" + encode(name) + "/offsets", null);
    }

    private void action(String method, String path, String what) {
        HttpResponse<String> response = request(method, path, null);
        if (response.statusCode() >= 300) {
            throw new ConnectRestException(what, response.statusCode(), response.body());
        }
    }

    /** The offsets Kafka Connect stores for a connector (GET /connectors/{name}/offsets). */
    public JsonNode storedOffsets(String name) {
        return offsets(name).path("offsets");
    }

    /** GET /connectors/{name}/offsets as Kafka Connect answers it: {"offsets": [{"partition": ..., "offset": ...}]}. */
    public JsonNode offsets(String name) {
        return get("/connectors/" + encode(name) + "/offsets");
    }

    /** Connector state and each task's state: RUNNING only when the connector and all its tasks run. */
    public boolean isRunning(String name, int tasks) {
        try {
            JsonNode status = status(name);
            if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
                return false;
            }
            int running = 0;
            for (JsonNode task : status.path("tasks")) {
                if ("RUNNING".equals(task.path("state").asText())) {
                    running++;
                }
            }
            return running >= tasks;
        } catch (ConnectRestException e) {
            return false;
        }
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpResponse<String> response = request(method, path, body);
        if (response.statusCode() >= 300) {
            throw new ConnectRestException(method + " " + path, response.statusCode(), response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + path, response.statusCode(), "unreadable JSON: "
                    + response.body());
        }
    }

    private HttpResponse<String> request(String method, String path, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + path, 0, "Kafka Connect at " + baseUrl + " is not reachable: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method + " " + path, 0, "interrupted");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A definition document {"name": ..., "config": {...}} from a name and a config map. */
    public static ObjectNode definition(String name, Map<String, String> config) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.set("config", JSON.valueToTree(config));
        return node;
    }

    /** Kafka Connect answered with an error; the message carries its status and reason. */
    public static final class ConnectRestException extends RuntimeException {
        private final int status;

        public ConnectRestException(String request, int status, String body) {
            super(request + " failed" + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
