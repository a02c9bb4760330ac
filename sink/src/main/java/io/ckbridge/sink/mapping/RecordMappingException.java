package io.ckbridge.sink.mapping;

/**
 * A record cannot become a row: a missing primary key field, a value of the wrong type or out
 * of range, a field without a column. The message names the column when there is one; the task
 * adds topic, partition, offset and table.
 */
public class RecordMappingException extends RuntimeException {
    private final String column;

    public RecordMappingException(String message, String column) {
        super(message);
        this.column = column;
    }

    public RecordMappingException(String message, String column, Throwable cause) {
        super(message, cause);
        this.column = column;
    }

    /** The CQL column concerned, or null. */
    public String column() {
        return column;
    }
}
