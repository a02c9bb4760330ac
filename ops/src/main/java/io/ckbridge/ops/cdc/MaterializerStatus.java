package io.ckbridge.ops.cdc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The materializer as its {@code /health} reports it.
 *
 * @param state Kafka Streams' state (RUNNING, REBALANCING, ERROR, ...), or UNREACHABLE
 * @param error why it could not be read, else null
 */
public record MaterializerStatus(String url, String status, String state, long events, String error) {
    static MaterializerStatus unreachable(String url, String why) {
        return new MaterializerStatus(url, "UNREACHABLE", "UNREACHABLE", 0, why);
    }

    static MaterializerStatus of(String url, JsonNode health) {
        return new MaterializerStatus(url, health.path("status").asText("UNKNOWN"),
                health.path("state").asText("UNKNOWN"), health.path("events").asLong(), null);
    }

    public boolean running() {
        return state.equals("RUNNING") || state.equals("REBALANCING");
    }
}
