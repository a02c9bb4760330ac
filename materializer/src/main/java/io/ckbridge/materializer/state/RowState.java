package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What the materializer knows of one row (or of a partition's static row): the row marker, the
 * row deletion, every cell with its write time, and the newest write time merged so far.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class RowState {
    public static final long NONE = Long.MIN_VALUE;

    /** Clustering key; null for the static row. */
    public ObjectNode ck;
    /** Row marker: timestamp, TTL and expiry. */
    public long mt = NONE;
    public int ml;
    public long me;
    /** Row deletion timestamp. */
    public long dt = NONE;
    /** Simple cells by column. */
    public Map<String, CellState> c = new HashMap<>();
    /** Collections and UDTs by column. */
    public Map<String, ComplexState> m = new HashMap<>();
    /** Newest timestamp merged: change events of the row never go back in time. */
    public long nt = NONE;
    /** Wall-clock ms since which the row is deleted (0 while live): it is dropped after the tombstone retention. */
    public long deadSince;

    boolean markerLive(long floor, long nowSec) {
        return mt != NONE && mt > floor && (ml == 0 || me > nowSec);
    }
}
