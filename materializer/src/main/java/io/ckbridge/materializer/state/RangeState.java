package io.ckbridge.materializer.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A range deletion the state remembers: its bounds, timestamp (µs) and when it was applied (wall ms). */
public final class RangeState {
    public ObjectNode s;
    public boolean si;
    public ObjectNode e;
    public boolean ei;
    public long t;
    public long at;
}
