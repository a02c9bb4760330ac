package io.ckbridge.ops.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ckbridge.ops.OpsConfig;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.lag.LagCollector;
import io.ckbridge.ops.lag.LagTracker;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole pipeline every poll interval, keeps the newest {@link PipelineSnapshot} for the
 * API and the metrics, and adds a point to every charted series.
 */
public final class PipelineWatch implements AutoCloseable {
    /** History series: total lag in records of a group, and its largest lag in seconds. */
    public static final String LAG_RECORDS = "lag.records:";
    public static final String LAG_SECONDS = "lag.seconds:";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatch.class);

    private final OpsConfig config;
    private final Optional<ConnectClient> connect;
    private final LagCollector lag;
    private final SeriesHistory history;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<PipelineSnapshot> latest = new AtomicReference<>();

    public PipelineWatch(OpsConfig config) {
        this.config = config;
        this.connect = config.connectUrl().isBlank() ? Optional.empty()
                : Optional.of(new ConnectClient(config.connectUrl()));
        this.lag = new LagCollector(config.kafkaClient("bridge-ops"), new LagTracker(config.lagWindowCommits(),
                config.lagMinDistanceMs(), config.lagStopMinMs()));
        this.history = new SeriesHistory(config.historyMinutes() * 60_000L);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The newest poll's view; empty before the first poll ends. */
    public Optional<PipelineSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    public SeriesHistory history() {
        return history;
    }

    /** Whether commit times come from {@code __consumer_offsets} (else STALL shows as STOP). */
    public boolean readingCommitLog() {
        return lag.readingCommitLog();
    }

    public Optional<ConnectClient> connect() {
        return connect;
    }

    /** Polls now (after an action, so the page shows its effect without waiting a whole interval). */
    public void pollSoon() {
        scheduler.execute(this::pollSafely);
    }

    private void pollSafely() {
        try {
            latest.set(poll());
        } catch (RuntimeException e) {
            LOG.warn("A poll of the pipeline failed: {}", e.toString());
        }
    }

    PipelineSnapshot poll() {
        long now = System.currentTimeMillis();
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode connectors = JsonNodeFactory.instance.objectNode();
        if (connect.isPresent()) {
            try {
                connectors = connect.get().expanded();
            } catch (RuntimeException e) {
                errors.put("connect", e.getMessage());
            }
        }
        List<GroupLag> groups = List.of();
        try {
            groups = lag.collect(names(connectors), new HashSet<>(config.materializerApplicationIds()));
        } catch (Exception e) {
            errors.put("kafka", "Reading consumer groups from Kafka at " + config.getString(OpsConfig.BOOTSTRAP_SERVERS)
                    + " failed: " + e.getMessage());
        }
        for (GroupLag group : groups) {
            history.record(LAG_RECORDS + group.group(), now, group.totalLag());
            if (group.maxLagSeconds() != null) {
                history.record(LAG_SECONDS + group.group(), now, group.maxLagSeconds());
            }
        }
        return new PipelineSnapshot(now, connectors, groups, errors);
    }

    private static Set<String> names(JsonNode connectors) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = connectors.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lag.close();
    }
}
