package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What the materializer knows of one row (or of a partition's static row): the row marker, the
 * row deletion, every cell with its write time, and the newest write time merged so far.
 *
 * <p>Stored as Smile with the short property names of the first release (a state store holds
 * millions): the names in {@code @JsonProperty} are the stored form and must not change.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class RowState {
    public static final long NONE = Long.MIN_VALUE;

    /** Clustering key; null for the static row. */
    @JsonProperty("ck")
    ObjectNode clustering;
    /** Row marker (written by INSERT): timestamp (µs), TTL and expiry (s). */
    @JsonProperty("mt")
    long markerTs = NONE;
    @JsonProperty("ml")
    int markerTtl;
    @JsonProperty("me")
    long markerExpiresAt;
    /** Row deletion timestamp (µs). */
    @JsonProperty("dt")
    long deletionTs = NONE;
    /** Simple cells by column. */
    @JsonProperty("c")
    Map<String, CellState> cells = new HashMap<>();
    /** Collections and UDTs (cell per element) by column. */
    @JsonProperty("m")
    Map<String, CollectionState> collections = new HashMap<>();
    /** Newest timestamp merged: change events of the row never go back in time. */
    @JsonProperty("nt")
    long newestTs = NONE;
    /** Wall-clock ms since which the row is deleted (0 while live): dropped after the tombstone retention. */
    @JsonProperty("deadSince")
    long deadSince;

    boolean markerLive(long floor, long nowSec) {
        return markerTs != NONE && markerTs > floor && (markerTtl == 0 || markerExpiresAt > nowSec);
    }
}
