package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashMap;
import java.util.Map;

/**
 * A non-frozen collection or UDT: its elements by path (JSON text) and when it was last cleared.
 * The names in {@code @JsonProperty} are the stored form (see {@link RowState}).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class CollectionState {
    /** When the whole collection was last replaced or set to null (µs): older elements are gone. */
    @JsonProperty("dt")
    long clearedTs = RowState.NONE;
    @JsonProperty("e")
    Map<String, CellState> elements = new HashMap<>();
}
