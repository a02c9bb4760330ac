package io.ckbridge.ops.server;

import com.sun.net.httpserver.HttpServer;
import io.ckbridge.common.registry.SchemaRegistryClient;
import io.ckbridge.ops.OpsConfig;
import io.ckbridge.ops.metrics.OpsMetrics;
import io.ckbridge.ops.repair.RepairLauncher;
import io.ckbridge.ops.schemas.SubjectCatalog;
import io.ckbridge.ops.topics.TopicAdmin;
import io.ckbridge.ops.watch.PipelineSnapshot;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The ops server: the JSON API under {@code /api}, {@code /metrics} and {@code /health}, on the
 * JDK's HTTP server.
 */
public final class OpsServer implements AutoCloseable {
    private final HttpServer server;
    private final PipelineWatch watch;
    private final OpsConfig config;
    private final TopicAdmin topics;

    public OpsServer(OpsConfig config, PipelineWatch watch) throws IOException {
        this(config, watch, null);
    }

    /** @param repair null when ops runs no repairs */
    public OpsServer(OpsConfig config, PipelineWatch watch, RepairLauncher repair) throws IOException {
        this.config = config;
        this.watch = watch;
        OpsMetrics metrics = new OpsMetrics(watch::latest);
        this.topics = new TopicAdmin(config.kafkaClient("bridge-ops-topics"));
        server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "ops-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(ConnectorsApi.PATH, new ConnectorsApi(watch));
        server.createContext("/api/lag", new SnapshotApi(watch, snapshot -> {
            Map<String, Object> lag = new LinkedHashMap<>();
            lag.put("commitTimesFromLog", watch.readingCommitLog());
            lag.put("groups", snapshot.lag());
            if (snapshot.errors().containsKey("kafka")) {
                lag.put("error", snapshot.errors().get("kafka"));
            }
            return lag;
        }));
        server.createContext("/api/nodes", new SnapshotApi(watch, snapshot -> Map.of("nodes", snapshot.nodes())));
        server.createContext("/api/cdc", new SnapshotApi(watch, snapshot -> {
            Map<String, Object> cdc = new LinkedHashMap<>();
            cdc.put("publishers", snapshot.publishers());
            cdc.put("materializer", snapshot.materializer());
            return cdc;
        }));
        server.createContext("/api/findings", new SnapshotApi(watch, snapshot -> Map.of("findings",
                snapshot.findings())));
        server.createContext(TopicsApi.PATH, new TopicsApi(topics));
        server.createContext(SchemasApi.PATH, new SchemasApi(config.schemaRegistry()
                .map(url -> new SubjectCatalog(new SchemaRegistryClient(url))), topics));
        server.createContext(RepairsApi.PATH, new RepairsApi(
                () -> repair == null ? Optional.empty() : repair.repairs(),
                () -> repair == null ? "Repair is off: start ops with --repair (and the cassandra.* connection keys)"
                        : repair.notReady(), watch::pollSoon));
        server.createContext(HistoryApi.PATH, new HistoryApi(watch.history()));
        server.createContext("/", new StaticFiles());
        server.createContext("/metrics", exchange -> HttpExchanges.text(exchange, 200, metrics.contentType(),
                metrics.scrape()));
        server.createContext("/health", exchange -> {
            Map<String, Object> health = health();
            HttpExchanges.json(exchange, "DOWN".equals(health.get("status")) ? 503 : 200, health);
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * UP when the newest poll read everything, DEGRADED when a part could not be read (it names
     * them), DOWN before the first poll or when polls stopped (none for three intervals plus the
     * 30 s a poll may wait for an unreachable Kafka).
     */
    Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        Optional<PipelineSnapshot> latest = watch.latest();
        long stale = 3 * config.pollInterval().toMillis() + 30_000;
        if (latest.isEmpty() || System.currentTimeMillis() - latest.get().timeMs() > stale) {
            health.put("status", "DOWN");
            health.put("reason", latest.isEmpty() ? "no poll has finished yet" : "no poll for " + stale + " ms");
            return health;
        }
        health.put("status", latest.get().errors().isEmpty() ? "UP" : "DEGRADED");
        health.put("polledAt", latest.get().timeMs());
        if (!latest.get().errors().isEmpty()) {
            health.put("errors", latest.get().errors());
        }
        return health;
    }

    @Override
    public void close() {
        server.stop(0);
        topics.close();
    }
}
