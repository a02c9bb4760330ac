package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A range deletion the state remembers: its bounds, timestamp (µs) and when it was applied (wall
 * ms). The names in {@code @JsonProperty} are the stored form (see {@link RowState}).
 */
public final class RangeState {
    @JsonProperty("s")
    ObjectNode start;
    @JsonProperty("si")
    boolean startInclusive;
    @JsonProperty("e")
    ObjectNode end;
    @JsonProperty("ei")
    boolean endInclusive;
    @JsonProperty("t")
    long ts;
    @JsonProperty("at")
    long appliedAtWallMs;
}
