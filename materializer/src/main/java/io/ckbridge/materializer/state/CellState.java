package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.rawchange.RawChange.RawCell;

/** A cell as the state keeps it: write time (µs), value or tombstone, and TTL with expiry (s). */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class CellState {
    public long t;
    public JsonNode v;
    public boolean x;
    public int l;
    public long e;

    public CellState() {
    }

    static CellState of(RawCell cell) {
        CellState state = new CellState();
        state.t = cell.ts();
        state.x = cell.tombstone();
        state.v = cell.tombstone() || cell.value() == null || cell.value().isNull() ? null : cell.value();
        state.l = cell.tombstone() ? 0 : cell.ttl();
        state.e = cell.tombstone() ? 0 : cell.expiresAt();
        return state;
    }

    /** Live at {@code nowSec} and above the deletion {@code floor}. */
    boolean live(long floor, long nowSec) {
        return t > floor && !x && (l == 0 || e > nowSec);
    }

    /**
     * Whether this cell replaces {@code other} by Cassandra's rules: the newer timestamp wins; on a
     * tie a tombstone wins, then an expiring cell, then the later expiry, then the greater value.
     */
    boolean supersedes(CellState other) {
        if (other == null) {
            return true;
        }
        if (t != other.t) {
            return t > other.t;
        }
        if (x != other.x) {
            return x;
        }
        if (x) {
            return false;
        }
        if ((l > 0) != (other.l > 0)) {
            return l > 0;
        }
        if (e != other.e) {
            return e > other.e;
        }
        return String.valueOf(v).compareTo(String.valueOf(other.v)) > 0;
    }
}
