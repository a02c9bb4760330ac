package io.ckbridge.ops.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.findings.Severity;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.lag.PartitionLag;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.watch.PipelineSnapshot;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The ops server's {@code /metrics}: gauges read from the newest poll when scraped, in the
 * Prometheus text format of the Prometheus Java client. Statuses are gauges of their rank
 * (0 OK, 1 WARN, 2 STOP, 3 STALL, 4 REWIND), so an alert is a comparison.
 */
public final class OpsMetrics {
    private static final List<String> CONNECTOR_STATES = List.of("RUNNING", "PAUSED", "STOPPED", "FAILED",
            "UNASSIGNED", "RESTARTING");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Supplier<Optional<PipelineSnapshot>> latest;

    public OpsMetrics(Supplier<Optional<PipelineSnapshot>> latest) {
        this.latest = latest;
        GaugeWithCallback.builder().name("ops_lag_records").help("Records between a group's committed offset and "
                        + "the partition's end").labelNames("group", "topic", "partition")
                .callback(callback -> partitions((group, partition) -> callback.call(partition.lag(), group.group(),
                        partition.topic(), Integer.toString(partition.partition()))))
                .register(registry);
        GaugeWithCallback.builder().name("ops_lag_seconds").help("Produce time of a partition's newest record minus "
                        + "that of the next record the group reads").unit(Unit.SECONDS)
                .labelNames("group", "topic", "partition")
                .callback(callback -> partitions((group, partition) -> {
                    if (partition.lagSeconds() != null) {
                        callback.call(partition.lagSeconds(), group.group(), partition.topic(),
                                Integer.toString(partition.partition()));
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("ops_lag_partition_status").help("Burrow status of a group's partition: "
                        + "0 OK, 1 WARN, 2 STOP, 3 STALL, 4 REWIND").labelNames("group", "topic", "partition")
                .callback(callback -> partitions((group, partition) -> callback.call(partition.status().ordinal(),
                        group.group(), partition.topic(), Integer.toString(partition.partition()))))
                .register(registry);
        GaugeWithCallback.builder().name("ops_lag_group_status").help("Burrow status of a group, its worst "
                        + "partition's: 0 OK, 1 WARN, 2 STOP, 3 STALL, 4 REWIND").labelNames("group", "kind")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.lag().forEach(group ->
                        callback.call(group.status().ordinal(), group.group(), group.kind()))))
                .register(registry);
        GaugeWithCallback.builder().name("ops_repair_segments").help("Segments of a repair run by state (PENDING, "
                        + "POSTPONED, RUNNING, DONE, FAILED): the unfinished runs and the newest finished ones")
                .labelNames("run", "keyspace", "state")
                .callback(callback -> latest.get().map(PipelineSnapshot::repair).ifPresent(repair ->
                        repair.runs().forEach(run -> {
                            String id = run.id().toString();
                            callback.call(run.pending(), id, run.keyspace(), "PENDING");
                            callback.call(run.postponed(), id, run.keyspace(), "POSTPONED");
                            callback.call(run.running(), id, run.keyspace(), "RUNNING");
                            callback.call(run.done(), id, run.keyspace(), "DONE");
                            callback.call(run.failed(), id, run.keyspace(), "FAILED");
                        })))
                .register(registry);
        GaugeWithCallback.builder().name("ops_repair_run_state").help("1 for a repair run's state (RUNNING, PAUSED, "
                        + "DONE, ERROR, ABORTED)").labelNames("run", "keyspace", "state")
                .callback(callback -> latest.get().map(PipelineSnapshot::repair).ifPresent(repair ->
                        repair.runs().forEach(run -> callback.call(1, run.id().toString(), run.keyspace(),
                                run.state().name()))))
                .register(registry);
        GaugeWithCallback.builder().name("ops_repair_last_full_seconds").help("Seconds since the newest full repair "
                        + "of a keyspace started (absent: never)").unit(Unit.SECONDS).labelNames("keyspace")
                .callback(callback -> latest.get().ifPresent(snapshot -> {
                    if (snapshot.repair() != null) {
                        snapshot.repair().keyspaces().stream().filter(keyspace -> keyspace.lastFullRepair() != null)
                                .forEach(keyspace -> callback.call((snapshot.timeMs()
                                        - keyspace.lastFullRepair().toEpochMilli()) / 1000.0, keyspace.keyspace()));
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("ops_connectors").help("Connectors by state, as Kafka Connect reports them")
                .labelNames("state")
                .callback(callback -> {
                    if (latest.get().isEmpty()) {
                        return; // nothing polled yet: no zeros that look like facts
                    }
                    Map<String, Integer> byState = new TreeMap<>();
                    CONNECTOR_STATES.forEach(state -> byState.put(state, 0));
                    connectors((name, status) -> byState.merge(status.path("connector").path("state").asText(
                            "UNKNOWN"), 1, Integer::sum));
                    byState.forEach((state, count) -> callback.call(count, state));
                })
                .register(registry);
        GaugeWithCallback.builder().name("ops_connector_running").help("1 when a connector and all its tasks run")
                .labelNames("connector")
                .callback(callback -> connectors((name, status) -> callback.call(running(status) ? 1 : 0, name)))
                .register(registry);
        GaugeWithCallback.builder().name("ops_connector_failed_tasks").help("Tasks of a connector in state FAILED")
                .labelNames("connector")
                .callback(callback -> connectors((name, status) -> callback.call(failedTasks(status), name)))
                .register(registry);
        nodeGauges();
        cdcGauges();
        GaugeWithCallback.builder().name("ops_findings").help("Findings that hold now, by severity")
                .labelNames("severity")
                .callback(callback -> latest.get().ifPresent(snapshot -> {
                    for (Severity severity : Severity.values()) {
                        callback.call(snapshot.findings().stream().filter(f -> f.severity() == severity).count(),
                                severity.name());
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder().name("ops_finding").help("1 for each finding that holds now (see /api/findings)")
                .labelNames("rule", "subject", "severity")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.findings().forEach(finding ->
                        callback.call(1, finding.rule(), finding.id().substring(Math.min(finding.id().length(),
                                finding.rule().length() + 1)), finding.severity().name()))))
                .register(registry);
        GaugeWithCallback.builder().name("ops_poll_errors").help("Parts of the pipeline the newest poll could not "
                        + "read (connect, kafka, ...)").labelNames("part")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.errors().keySet()
                        .forEach(part -> callback.call(1, part))))
                .register(registry);
    }

    private void nodeGauges() {
        nodeGauge("ops_node_up", "1 when the node's JMX answered at the newest poll", node -> node.up() ? 1 : 0, true);
        nodeGauge("ops_node_pending_compactions", "Compactions waiting on the node", NodeStatus::pendingCompactions,
                false);
        nodeGauge("ops_node_active_compactions", "Compactions running on the node",
                node -> node.activeCompactions().size(), false);
        nodeGauge("ops_node_compacted_bytes_per_second", "Bytes the node's compactions wrote per second",
                NodeStatus::compactedBytesPerSecond, false);
        nodeGauge("ops_node_write_latency_p99_seconds", "Coordinator write latency p99 (ClientRequest Write)",
                node -> node.writeP99Ms() / 1000.0, false);
        nodeGauge("ops_node_read_latency_p99_seconds", "Coordinator read latency p99 (ClientRequest Read)",
                node -> node.readP99Ms() / 1000.0, false);
        nodeGauge("ops_node_dropped_mutations_per_second", "Mutations the node dropped per second",
                NodeStatus::droppedMutationsPerSecond, false);
        nodeGauge("ops_node_heap_used_bytes", "The node's heap in use", NodeStatus::heapUsedBytes, false);
        nodeGauge("ops_node_heap_max_bytes", "The node's largest heap", NodeStatus::heapMaxBytes, false);
        GaugeWithCallback.builder().name("ops_table_pending_compactions").help("Compactions waiting for one table "
                        + "on one node").labelNames("node", "table")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.nodes().stream()
                        .filter(NodeStatus::up).forEach(node -> node.pendingByTable().forEach((table, pending) ->
                                callback.call(pending, node.address(), table)))))
                .register(registry);
    }

    private void nodeGauge(String name, String help, ToDoubleFunction<NodeStatus> value, boolean downToo) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("node", "endpoint")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.nodes().stream()
                        .filter(node -> downToo || node.up())
                        .forEach(node -> callback.call(value.applyAsDouble(node),
                                node.address() == null ? "" : node.address(), node.endpoint()))))
                .register(registry);
    }

    private void cdcGauges() {
        publisherGauge("ops_cdc_publisher_up", "1 when the publisher answers and is not DOWN",
                publisher -> publisher.reachable() && !publisher.status().equals("DOWN") ? 1 : 0, true);
        publisherGauge("ops_cdc_backlog_bytes", "Durable commit-log bytes the publisher has not yet published",
                PublisherStatus::backlogBytes, false);
        publisherGauge("ops_cdc_raw_bytes", "Bytes in the node's cdc_raw", PublisherStatus::cdcRawBytes, false);
        publisherGauge("ops_cdc_raw_used_ratio", "cdc_raw's share of cdc_total_space",
                PublisherStatus::cdcRawUsedRatio, false);
        GaugeWithCallback.builder().name("ops_materializer_running").help("1 while the materializer is RUNNING")
                .callback(callback -> latest.get().filter(snapshot -> snapshot.materializer() != null)
                        .ifPresent(snapshot -> callback.call(snapshot.materializer().running() ? 1 : 0)))
                .register(registry);
    }

    private void publisherGauge(String name, String help, ToDoubleFunction<PublisherStatus> value, boolean downToo) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("publisher")
                .callback(callback -> latest.get().ifPresent(snapshot -> snapshot.publishers().stream()
                        .filter(publisher -> downToo || publisher.reachable())
                        .forEach(publisher -> callback.call(value.applyAsDouble(publisher), publisher.url()))))
                .register(registry);
    }

    /** The registry, for the parts of ops that add their own gauges. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private interface PartitionVisitor {
        void visit(GroupLag group, PartitionLag partition);
    }

    private void partitions(PartitionVisitor visitor) {
        latest.get().ifPresent(snapshot -> snapshot.lag().forEach(group -> group.partitions()
                .forEach(partition -> visitor.visit(group, partition))));
    }

    private interface ConnectorVisitor {
        void visit(String name, JsonNode status);
    }

    private void connectors(ConnectorVisitor visitor) {
        latest.get().ifPresent(snapshot -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.connectors().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> connector = it.next();
                visitor.visit(connector.getKey(), connector.getValue().path("status"));
            }
        });
    }

    static boolean running(JsonNode status) {
        if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    static int failedTasks(JsonNode status) {
        int failed = 0;
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                failed++;
            }
        }
        return failed;
    }
}
