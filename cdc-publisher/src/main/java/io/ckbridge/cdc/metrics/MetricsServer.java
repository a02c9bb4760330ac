package io.ckbridge.cdc.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.management.JMException;
import javax.management.ObjectName;

/** {@code /metrics} (Prometheus text) and {@code /health} (JSON) over HTTP, and the same figures over JMX. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    public MetricsServer(String host, int port, PublisherMetrics metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> reply(exchange, 200, "text/plain; version=0.0.4", metrics.prometheus()));
        server.createContext("/health", exchange -> {
            boolean healthy = metrics.isKafkaAvailable();
            String body = "{\"status\":\"" + (healthy ? "UP" : "DEGRADED") + "\",\"kafka\":\"" + (healthy ? "up" : "down")
                    + "\",\"position\":\"" + metrics.getPosition() + "\",\"backlogBytes\":" + metrics.getBacklogBytes()
                    + ",\"lagSeconds\":" + metrics.getLagSeconds() + ",\"changesPublished\":" + metrics.getChangesPublished() + "}";
            reply(exchange, 200, "application/json", body);
        });
        server.start();
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, new ObjectName("io.ckbridge:type=CdcPublisher"));
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the publisher's JMX bean", e);
        }
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
