package io.ckbridge.materializer.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.Map;

/** A non-frozen collection or UDT: its elements by path (JSON text) and when it was last cleared. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public final class ComplexState {
    public long dt = RowState.NONE;
    public Map<String, CellState> e = new HashMap<>();
}
