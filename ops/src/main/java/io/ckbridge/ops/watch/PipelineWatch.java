package io.ckbridge.ops.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ckbridge.ops.OpsConfig;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.ops.cdc.CdcCollector;
import io.ckbridge.ops.cdc.MaterializerStatus;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.doctor.LiveDiagnosis;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Findings;
import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.lag.LagCollector;
import io.ckbridge.ops.lag.LagTracker;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.ops.nodes.NodeCollector;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.repair.RepairStatus;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole pipeline every poll interval, keeps the newest {@link PipelineSnapshot} for the
 * API and the metrics, and adds a point to every charted series.
 */
public final class PipelineWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatch.class);

    private final OpsConfig config;
    private final Optional<ConnectClient> connect;
    private final LagCollector lag;
    private final NodeCollector nodes;
    private final CdcCollector cdc;
    private final Findings findings = new Findings();
    private final LiveDiagnosis diagnosis;
    private final SeriesHistory history;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ops-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<PipelineSnapshot> latest = new AtomicReference<>();
    private volatile Supplier<RepairStatus> repairSource;

    public PipelineWatch(OpsConfig config) {
        this.config = config;
        this.connect = config.connectUrl().isBlank() ? Optional.empty()
                : Optional.of(new ConnectClient(config.connectUrl()));
        this.lag = new LagCollector(config.kafkaClient("bridge-ops"), new LagTracker(config.lagWindowCommits(),
                config.lagMinDistanceMs(), config.lagStopMinMs()));
        this.nodes = new NodeCollector(JmxEndpoint.parse(config.cassandraJmx()), config.jmxUsername(),
                config.jmxPassword().value());
        this.cdc = new CdcCollector(config.publisherMetrics(), config.materializerMetrics());
        this.history = new SeriesHistory(config.historyMinutes() * 60_000L);
        this.diagnosis = new LiveDiagnosis(config);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The newest poll's view; empty before the first poll ends. */
    public Optional<PipelineSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Where each poll reads repair's runs and keyspaces from, once repair is on. */
    public void watchRepairs(Supplier<RepairStatus> source) {
        this.repairSource = source;
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
        List<NodeStatus> nodeStatuses = nodes.collect();
        nodeStatuses.stream().filter(node -> !node.up()).forEach(node -> errors.put("cassandra " + node.endpoint(),
                node.error()));
        List<PublisherStatus> publishers = cdc.publishers();
        MaterializerStatus materializer = cdc.materializer().orElse(null);
        record(now, groups, nodeStatuses, publishers);
        RepairStatus repair = null;
        Supplier<RepairStatus> repairs = repairSource;
        if (repairs != null) {
            try {
                repair = repairs.get();
            } catch (RuntimeException e) {
                errors.put("repair", "Reading the repair state failed: " + e.getMessage());
            }
        }
        PipelineSnapshot snapshot = new PipelineSnapshot(now, connectors, groups, nodeStatuses, publishers,
                materializer, repair, List.of(), errors);
        List<Finding> diagnosed = diagnosis.findings(now, connectors, errors);
        return snapshot.withFindings(findings.evaluate(snapshot, history, diagnosed));
    }

    private void record(long now, List<GroupLag> groups, List<NodeStatus> nodeStatuses,
            List<PublisherStatus> publishers) {
        for (GroupLag group : groups) {
            history.record(Series.lagRecords(group.group()), now, group.totalLag());
            if (group.maxLagSeconds() != null) {
                history.record(Series.lagSeconds(group.group()), now, group.maxLagSeconds());
            }
        }
        for (NodeStatus node : nodeStatuses) {
            if (!node.up()) {
                continue;
            }
            String address = node.address();
            history.record(Series.pendingCompactions(address), now, node.pendingCompactions());
            history.record(Series.compactedBytesPerSecond(address), now, node.compactedBytesPerSecond());
            history.record(Series.writeP99Ms(address), now, node.writeP99Ms());
            history.record(Series.droppedMutationsPerSecond(address), now, node.droppedMutationsPerSecond());
            history.record(Series.heapUsedBytes(address), now, node.heapUsedBytes());
            // a table's series starts when it first compacts and goes on (zeros included) while the node is read
            Set<String> tables = new TreeSet<>(node.pendingByTable().keySet());
            node.activeCompactions().forEach(compaction -> tables.add(compaction.qualifiedTable()));
            String prefix = Series.tablePrefix(address);
            history.names(now).stream().filter(name -> name.startsWith(prefix))
                    .forEach(name -> tables.add(name.substring(prefix.length())));
            for (String table : tables) {
                history.record(Series.tablePendingCompactions(address, table), now, node.pending(table));
                history.record(Series.tableActiveCompactions(address, table), now, node.activeCompactions().stream()
                        .filter(compaction -> compaction.qualifiedTable().equals(table)).count());
            }
        }
        for (PublisherStatus publisher : publishers) {
            if (publisher.reachable()) {
                history.record(Series.cdcBacklogBytes(publisher.url()), now, publisher.backlogBytes());
                history.record(Series.cdcRawUsedRatio(publisher.url()), now, publisher.cdcRawUsedRatio());
            }
        }
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
        diagnosis.close();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lag.close();
        nodes.close();
    }
}
