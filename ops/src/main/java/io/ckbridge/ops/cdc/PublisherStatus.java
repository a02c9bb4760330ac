package io.ckbridge.ops.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A CDC publisher as its {@code /health} reports it: how much of the node's {@code cdc_raw} it has
 * not yet published, how full {@code cdc_raw} is, and why it is unhealthy when it is.
 *
 * @param status UP, DEGRADED, DOWN (the publisher's own verdict) or UNREACHABLE
 */
public record PublisherStatus(String url, String status, long backlogBytes, long cdcRawBytes,
        long cdcTotalSpaceBytes, double cdcRawUsedRatio, double lagSeconds, long changesPublished,
        int damagedSegments, long quarantinedMutations, int failedPasses, String warning, List<String> reasons) {

    static PublisherStatus unreachable(String url, String why) {
        return new PublisherStatus(url, "UNREACHABLE", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, List.of(why));
    }

    static PublisherStatus of(String url, JsonNode health) {
        List<String> reasons = new ArrayList<>();
        health.path("reasons").forEach(reason -> reasons.add(reason.asText()));
        return new PublisherStatus(url, health.path("status").asText("UNKNOWN"), health.path("backlogBytes").asLong(),
                health.path("cdcRawBytes").asLong(), health.path("cdcTotalSpaceBytes").asLong(),
                health.path("cdcRawUsedRatio").asDouble(), health.path("lagSeconds").asDouble(),
                health.path("changesPublished").asLong(), health.path("damagedSegments").asInt(),
                health.path("quarantinedMutations").asLong(), health.path("failedPasses").asInt(),
                health.hasNonNull("warning") ? health.path("warning").asText() : null, reasons);
    }

    public boolean reachable() {
        return !status.equals("UNREACHABLE");
    }
}
