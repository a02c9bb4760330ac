package io.ckbridge.sink.write;

import io.ckbridge.sink.mapping.RowWrite;

/** Where writers report what became of each record; the task turns it into offsets and errors. */
public interface WriteOutcome {
    /** Every row of the record is written. */
    void written(RecordWrite record);

    /** Cassandra refused a row of the record; returns true when the record may be skipped (dead-letter queue). */
    boolean refused(RecordWrite record, RowWrite row, Throwable error);

    /** Writing cannot go on (retries exhausted, table gone, no permission): the task must fail. */
    void fatal(String message, Throwable error);
}
