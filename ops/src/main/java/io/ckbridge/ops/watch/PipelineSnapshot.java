package io.ckbridge.ops.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.lag.GroupLag;
import java.util.List;
import java.util.Map;

/**
 * What one poll saw. A part that could not be read holds its error in {@code errors} (by part:
 * {@code connect}, {@code kafka}, ...) and the rest is still shown.
 *
 * @param connectors Kafka Connect's {@code /connectors?expand=status&expand=info} answer
 */
public record PipelineSnapshot(long timeMs, JsonNode connectors, List<GroupLag> lag, Map<String, String> errors) {
}
