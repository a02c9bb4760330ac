package io.ckbridge.cdc.metrics;

import io.ckbridge.common.http.StatusServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** {@code /metrics} (Prometheus text) and {@code /health} (JSON) over HTTP, and the same figures over JMX. */
public final class MetricsServer implements AutoCloseable {
    private final StatusServer server;

    public MetricsServer(String host, int port, PublisherMetrics metrics) throws IOException {
        // Degraded (Kafka away) is still 200: the publisher runs and keeps its position.
        server = new StatusServer(host, port, metrics::prometheus, () -> {
            boolean healthy = metrics.isKafkaAvailable();
            return new StatusServer.Health(true, "{\"status\":\"" + (healthy ? "UP" : "DEGRADED") + "\",\"kafka\":\""
                    + (healthy ? "up" : "down")
                    + "\",\"position\":\"" + metrics.getPosition() + "\",\"backlogBytes\":" + metrics.getBacklogBytes()
                    + ",\"lagSeconds\":" + metrics.getLagSeconds() + ",\"changesPublished\":"
                    + metrics.getChangesPublished() + "}");
        });
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics,
                    new ObjectName("io.ckbridge:type=CdcPublisher"));
        } catch (JMException e) {
            server.close();
            throw new IllegalStateException("cannot register the publisher's JMX bean", e);
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
