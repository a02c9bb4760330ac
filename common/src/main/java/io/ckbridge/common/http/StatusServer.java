package io.ckbridge.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text) and {@code /health} (JSON; 200 when healthy, else 503) of a
 * long-running bridge process, on the JDK's own HTTP server.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;

    /** The health body and whether it is healthy. */
    public record Health(boolean healthy, String json) {
    }

    public StatusServer(String host, int port, Supplier<String> metrics, Supplier<Health> health) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> reply(exchange, 200, "text/plain; version=0.0.4", metrics.get()));
        server.createContext("/health", exchange -> {
            Health now = health.get();
            reply(exchange, now.healthy() ? 200 : 503, "application/json", now.json());
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
