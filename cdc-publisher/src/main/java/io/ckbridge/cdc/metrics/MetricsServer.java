package io.ckbridge.cdc.metrics;

import io.ckbridge.common.http.StatusServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** {@code /metrics} (Prometheus text) and {@code /health} (JSON) over HTTP, and the same figures over JMX. */
public final class MetricsServer implements AutoCloseable {
    private final StatusServer server;

    public MetricsServer(String host, int port, PublisherMetrics metrics, PublisherHealth health) throws IOException {
        server = new StatusServer(host, port, metrics::prometheus, health::health);
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
