package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.common.registry.SchemaRegistryClient;
import io.ckbridge.ops.schemas.SubjectCatalog;
import io.ckbridge.ops.topics.TopicAdmin;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/schemas}: the schema registry's subjects with their topics, versions, latest
 * schema id and compatibility level (404 when ops has no registry, 502 when it does not answer).
 */
final class SchemasApi implements HttpHandler {
    static final String PATH = "/api/schemas";

    private final Optional<SubjectCatalog> catalog;
    private final TopicAdmin topics;

    SchemasApi(Optional<SubjectCatalog> catalog, TopicAdmin topics) {
        this.catalog = catalog;
        this.topics = topics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(PATH)) {
            HttpExchanges.error(exchange, 404, "No such resource: " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath());
            return;
        }
        if (catalog.isEmpty()) {
            HttpExchanges.error(exchange, 404, "No schema registry: start ops with --schema-registry URL.");
            return;
        }
        Set<String> names;
        try {
            names = topics.list().stream().map(TopicAdmin.TopicSummary::name).collect(Collectors.toSet());
        } catch (Exception e) {
            names = Set.of(); // Kafka not answering: the subjects are still worth showing
        }
        try {
            HttpExchanges.json(exchange, 200, catalog.get().list(names));
        } catch (SchemaRegistryClient.UnavailableException e) {
            HttpExchanges.error(exchange, 502, e.getMessage());
        }
    }
}
