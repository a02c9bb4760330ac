package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.rawchange.RawChange.RawCell;

/**
 * A cell as the state keeps it: write time (µs), value or tombstone, and TTL with expiry (s). The
 * names in {@code @JsonProperty} are the stored form (see {@link RowState}).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class CellState {
    @JsonProperty("t")
    long ts;
    @JsonProperty("v")
    JsonNode value;
    @JsonProperty("x")
    boolean tombstone;
    @JsonProperty("l")
    int ttl;
    @JsonProperty("e")
    long expiresAt;

    public CellState() {
    }

    static CellState of(RawCell cell) {
        CellState state = new CellState();
        state.ts = cell.ts();
        state.tombstone = cell.tombstone();
        state.value = cell.tombstone() || cell.value() == null || cell.value().isNull() ? null : cell.value();
        state.ttl = cell.tombstone() ? 0 : cell.ttl();
        state.expiresAt = cell.tombstone() ? 0 : cell.expiresAt();
        return state;
    }

    /** Live at {@code nowSec} and above the deletion {@code floor}. */
    boolean live(long floor, long nowSec) {
        return ts > floor && !tombstone && (ttl == 0 || expiresAt > nowSec);
    }

    /**
     * Whether this cell replaces {@code other} by Cassandra's rules: the newer timestamp wins; on a
     * tie a tombstone wins, then an expiring cell, then the later expiry, then the greater value.
     */
    boolean supersedes(CellState other) {
        if (other == null) {
            return true;
        }
        if (ts != other.ts) {
            return ts > other.ts;
        }
        if (tombstone != other.tombstone) {
            return tombstone;
        }
        if (tombstone) {
            return false;
        }
        if ((ttl > 0) != (other.ttl > 0)) {
            return ttl > 0;
        }
        if (expiresAt != other.expiresAt) {
            return expiresAt > other.expiresAt;
        }
        return String.valueOf(value).compareTo(String.valueOf(other.value)) > 0;
    }
}
