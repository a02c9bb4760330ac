package io.ckbridge.ops.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.ops.connect.ConnectClient.ConnectRestException;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/connectors}: every connector with its tasks (state, worker, trace of a failed one)
 * from Kafka Connect, the actions pause, resume, restart (with its tasks) and stop, and a stopped
 * connector's offsets. Connector configs are not shown: they may hold passwords in clear.
 */
final class ConnectorsApi implements HttpHandler {
    static final String PATH = "/api/connectors";

    private final PipelineWatch watch;

    ConnectorsApi(PipelineWatch watch) {
        this.watch = watch;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<ConnectClient> connect = watch.connect();
        if (connect.isEmpty()) {
            HttpExchanges.error(exchange, 404, "No Kafka Connect is watched: start ops with --connect-url URL.");
            return;
        }
        if (HttpExchanges.fromAnotherSite(exchange)) {
            HttpExchanges.error(exchange, 403, "Refused: a page of another site sent this request.");
            return;
        }
        String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
        String method = exchange.getRequestMethod();
        try {
            if (parts.length == 0 && method.equals("GET")) {
                HttpExchanges.json(exchange, 200, connectors(connect.get().expanded()));
            } else if (parts.length == 2 && parts[1].equals("offsets")) {
                offsets(exchange, connect.get(), decode(parts[0]), method);
            } else if (parts.length == 2 && method.equals("POST")) {
                act(exchange, connect.get(), decode(parts[0]), parts[1]);
            } else {
                HttpExchanges.error(exchange, 404, "No such resource: " + method + " " + PATH + rest);
            }
        } catch (ConnectRestException e) {
            HttpExchanges.error(exchange, e.status() >= 400 ? e.status() : 502, e.getMessage());
        }
    }

    private void act(HttpExchange exchange, ConnectClient connect, String name, String action) throws IOException {
        switch (action) {
            case "pause" -> connect.pause(name);
            case "resume" -> connect.resume(name);
            case "restart" -> connect.restart(name, true);
            case "stop" -> connect.stop(name);
            default -> {
                HttpExchanges.error(exchange, 404, "Unknown action '" + action
                        + "': pause, resume, restart or stop.");
                return;
            }
        }
        watch.pollSoon();
        HttpExchanges.json(exchange, 202, Map.of("connector", name, "action", action));
    }

    private static void offsets(HttpExchange exchange, ConnectClient connect, String name, String method)
            throws IOException {
        if (method.equals("GET")) {
            HttpExchanges.json(exchange, 200, connect.offsets(name));
        } else if (method.equals("DELETE")) {
            HttpExchanges.json(exchange, 200, connect.deleteOffsets(name));
        } else {
            HttpExchanges.error(exchange, 405, "Offsets take GET or DELETE (DELETE only while the connector is "
                    + "STOPPED).");
        }
    }

    /** The expanded answer as a list: name, type, class, state, worker, tasks, topics. */
    static ArrayNode connectors(JsonNode expanded) {
        ArrayNode list = HttpExchanges.JSON.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = expanded.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode status = entry.getValue().path("status");
            JsonNode info = entry.getValue().path("info");
            ObjectNode connector = list.addObject();
            connector.put("name", entry.getKey());
            connector.put("type", status.path("type").asText(info.path("type").asText()));
            connector.put("class", info.path("config").path("connector.class").asText());
            connector.put("state", status.path("connector").path("state").asText());
            connector.put("worker", status.path("connector").path("worker_id").asText());
            if (status.path("connector").has("trace")) {
                connector.put("trace", status.path("connector").path("trace").asText());
            }
            String topics = info.path("config").path("topics").asText("");
            if (!topics.isEmpty()) {
                connector.put("topics", topics);
            }
            ArrayNode tasks = connector.putArray("tasks");
            for (JsonNode task : status.path("tasks")) {
                ObjectNode copy = tasks.addObject();
                copy.put("id", task.path("id").asInt());
                copy.put("state", task.path("state").asText());
                copy.put("worker", task.path("worker_id").asText());
                if (task.has("trace")) {
                    copy.put("trace", task.path("trace").asText());
                }
            }
        }
        return list;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
