package io.ckbridge.materializer.topology;

/** Why a raw change went to the dead-letter topic: its {@code ckbridge.reason} header, and the metric's label. */
public enum DeadLetterReason {
    /** Not a raw change message the materializer can read (not JSON, another format version, a field missing). */
    UNREADABLE("unreadable"),
    /** Read, but merging it into the row state failed. */
    NOT_APPLICABLE("not-applicable"),
    /** Applied, but one of the change events it made could not be encoded. */
    EVENT_NOT_WRITABLE("event-not-writable"),
    /** Its table was not in Cassandra's schema for all of {@code unknown.table.retry.max.ms}. */
    UNKNOWN_TABLE("unknown-table");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    /** The header value and metric label. */
    public String code() {
        return code;
    }
}
