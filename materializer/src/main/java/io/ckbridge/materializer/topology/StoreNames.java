package io.ckbridge.materializer.topology;

/** Names of the topology's state stores and nodes (the stores' changelog topics carry them too). */
final class StoreNames {
    static final String ROWS = "rows";
    static final String PENDING = "pending";
    static final String SEEN = "seen";
    static final String TIMERS = "timers";

    static final String SOURCE = "raw-changes";
    static final String PROCESSOR = "materialize";
    static final String EVENTS_SINK = "change-events";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private StoreNames() {
    }
}
