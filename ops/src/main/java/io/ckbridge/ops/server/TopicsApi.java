package io.ckbridge.ops.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.topics.TopicAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code /api/topics}: {@code GET} lists, {@code POST} creates ({@code {"name", "partitions",
 * "replicationFactor", "configs"}}); {@code /api/topics/{name}}: {@code GET} describes,
 * {@code DELETE} deletes. Kafka's refusals come back with their message (400, 404 or 409).
 */
final class TopicsApi implements HttpHandler {
    static final String PATH = "/api/topics";

    private final TopicAdmin topics;

    TopicsApi(TopicAdmin topics) {
        this.topics = topics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (HttpExchanges.fromAnotherSite(exchange)) {
            HttpExchanges.error(exchange, 403, "Refused: a page of another site sent this request.");
            return;
        }
        String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
        String name = rest.isEmpty() || rest.equals("/") ? "" : URLDecoder.decode(rest.substring(1),
                StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        try {
            if (name.isEmpty() && method.equals("GET")) {
                HttpExchanges.json(exchange, 200, topics.list());
            } else if (name.isEmpty() && method.equals("POST")) {
                create(exchange);
            } else if (!name.isEmpty() && !name.contains("/") && method.equals("GET")) {
                Optional<TopicAdmin.TopicDetails> details = topics.describe(name);
                if (details.isPresent()) {
                    HttpExchanges.json(exchange, 200, details.get());
                } else {
                    HttpExchanges.error(exchange, 404, "No topic '" + name + "'.");
                }
            } else if (!name.isEmpty() && !name.contains("/") && method.equals("DELETE")) {
                topics.delete(name);
                HttpExchanges.json(exchange, 200, Map.of("deleted", name));
            } else {
                HttpExchanges.error(exchange, 404, "No such resource: " + method + " " + PATH + rest);
            }
        } catch (TopicExistsException e) {
            HttpExchanges.error(exchange, 409, e.getMessage());
        } catch (UnknownTopicOrPartitionException e) {
            HttpExchanges.error(exchange, 404, "No topic '" + name + "'.");
        } catch (ApiException | IllegalArgumentException e) {
            HttpExchanges.error(exchange, 400, e.getMessage());
        } catch (TimeoutException e) {
            HttpExchanges.error(exchange, 504, e.getMessage());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            HttpExchanges.error(exchange, 502, "Kafka: " + e);
        }
    }

    private void create(HttpExchange exchange) throws Exception {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = HttpExchanges.JSON.readTree(in);
        } catch (JsonProcessingException e) {
            HttpExchanges.error(exchange, 400, "The body is not JSON: " + e.getOriginalMessage());
            return;
        }
        String name = body == null ? "" : body.path("name").asText("").trim();
        if (name.isEmpty()) {
            HttpExchanges.error(exchange, 400, "Give the topic a name: {\"name\": \"orders\", \"partitions\": 3, "
                    + "\"replicationFactor\": 1, \"configs\": {\"retention.ms\": \"604800000\"}}");
            return;
        }
        int partitions = body.path("partitions").asInt(1);
        int replication = body.path("replicationFactor").asInt(1);
        if (partitions < 1 || replication < 1 || replication > Short.MAX_VALUE) {
            HttpExchanges.error(exchange, 400, "partitions and replicationFactor must be at least 1.");
            return;
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("configs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> config = it.next();
            configs.put(config.getKey(), config.getValue().asText());
        }
        topics.create(name, partitions, (short) replication, configs);
        HttpExchanges.json(exchange, 201, topics.describe(name).orElseThrow());
    }
}
