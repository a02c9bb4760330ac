package io.ckbridge.ops.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.ops.cdc.MaterializerStatus;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.lag.Commit;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.lag.LagStatus;
import io.ckbridge.ops.lag.PartitionLag;
import io.ckbridge.ops.nodes.ActiveCompaction;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.repair.RepairStatus;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recorded polls for the rules: series 5 s apart, connectors as Kafka Connect answers, nodes as JMX reads them. */
final class Recorded {
    static final long START = 1_796_000_000_000L;
    static final long STEP = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recorded() {
    }

    /** {@code values[i]} at START + i·STEP; returns the time of the last point. */
    static long series(SeriesHistory history, String name, double... values) {
        for (int i = 0; i < values.length; i++) {
            history.record(name, START + i * STEP, values[i]);
        }
        return START + (values.length - 1) * STEP;
    }

    static SeriesHistory history() {
        return new SeriesHistory(60 * 60_000L);
    }

    /** A sink connector writing {@code topic} to {@code keyspace.table}, in {@code state}, its task too. */
    static JsonNode sink(String name, String topic, String qualifiedTable, String state) {
        ObjectNode connectors = JSON.createObjectNode();
        ObjectNode connector = connectors.putObject(name);
        ObjectNode status = connector.putObject("status");
        status.put("name", name).put("type", "sink");
        status.putObject("connector").put("state", state).put("worker_id", "127.0.0.1:8083");
        status.putArray("tasks").addObject().put("id", 0).put("state", state).put("worker_id", "127.0.0.1:8083");
        ObjectNode config = connector.putObject("info").putObject("config");
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector").put("topics", topic)
                .put("topic." + topic + "." + qualifiedTable + ".mapping", "id=value.id");
        return connectors;
    }

    static GroupLag sinkGroup(String connector, String topic, long committed, long end, LagStatus status,
            List<Commit> window) {
        return new GroupLag("connect-" + connector, "connect-sink", connector, "STABLE", status, end - committed, 0.5,
                List.of(new PartitionLag(topic, 0, committed, end, end - committed, 0.5, status, 1.0, window)));
    }

    static NodeStatus node(String address, Map<String, Integer> pendingByTable, List<ActiveCompaction> active,
            double writeP99Ms, int throughputMib) {
        return new NodeStatus("127.0.0.1:7199", true, null, address, "datacenter1", "rack1", "NORMAL", "5.0.6",
                300_000_000L, 1_000_000_000L, pendingByTable.values().stream().mapToInt(Integer::intValue).sum(),
                pendingByTable, active, 4_000_000, throughputMib, writeP99Ms, 1.0, 3_000, 0, 0, 0, true);
    }

    static PipelineSnapshot snapshot(long timeMs, JsonNode connectors, List<GroupLag> lag, List<NodeStatus> nodes) {
        return new PipelineSnapshot(timeMs, connectors, lag, nodes, List.of(), null, null, List.of(), Map.of());
    }

    static PipelineSnapshot repair(long timeMs, RepairStatus repair) {
        return new PipelineSnapshot(timeMs, JSON.createObjectNode(), List.of(), List.of(), List.of(), null, repair,
                List.of(), Map.of());
    }

    static PipelineSnapshot cdc(long timeMs, List<NodeStatus> nodes, List<PublisherStatus> publishers,
            MaterializerStatus materializer) {
        return new PipelineSnapshot(timeMs, JSON.createObjectNode(), List.of(), nodes, publishers, materializer, null,
                List.of(), Map.of());
    }

    static List<Commit> commits(long firstMs, long offset, long... lags) {
        List<Commit> commits = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            commits.add(new Commit(offset, firstMs + i * STEP, lags[i]));
        }
        return commits;
    }
}
