package io.ckbridge.ops.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.cdc.MaterializerStatus;
import io.ckbridge.ops.cdc.PublisherStatus;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.repair.RepairStatus;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What one poll saw. A part that could not be read holds its error in {@code errors} (by part:
 * {@code connect}, {@code kafka}, ...) and the rest is still shown.
 *
 * @param connectors   Kafka Connect's {@code /connectors?expand=status&expand=info} answer
 * @param materializer null when no materializer is watched
 * @param repair       null when ops runs no repairs
 */
public record PipelineSnapshot(long timeMs, JsonNode connectors, List<GroupLag> lag, List<NodeStatus> nodes,
        List<PublisherStatus> publishers, MaterializerStatus materializer, RepairStatus repair, List<Finding> findings,
        Map<String, String> errors) {

    public PipelineSnapshot withFindings(List<Finding> judged) {
        return new PipelineSnapshot(timeMs, connectors, lag, nodes, publishers, materializer, repair,
                List.copyOf(judged), errors);
    }

    /** A connector's state (RUNNING, PAUSED, STOPPED, FAILED, ...), empty text when unknown. */
    public String connectorState(String name) {
        return connectors.path(name).path("status").path("connector").path("state").asText("");
    }

    /** A connector's config as Kafka Connect returns it. */
    public Map<String, String> connectorConfig(String name) {
        Map<String, String> config = new HashMap<>();
        JsonNode node = connectors.path(name).path("info").path("config");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            config.put(entry.getKey(), entry.getValue().asText());
        }
        return config;
    }
}
