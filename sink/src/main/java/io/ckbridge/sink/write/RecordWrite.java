package io.ckbridge.sink.write;

import io.ckbridge.sink.mapping.RowWrite;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** A record and the rows it produced (one per table it feeds); done when every row is. */
public final class RecordWrite {
    private final SinkRecord record;
    private final List<RowWrite> rows;
    private final AtomicInteger remaining;
    private volatile boolean failed;

    public RecordWrite(SinkRecord record, List<RowWrite> rows) {
        this.record = record;
        this.rows = rows;
        this.remaining = new AtomicInteger(rows.size());
    }

    public SinkRecord record() {
        return record;
    }

    public List<RowWrite> rows() {
        return rows;
    }

    public TopicPartition partition() {
        return new TopicPartition(record.topic(), record.kafkaPartition());
    }

    public long offset() {
        return record.kafkaOffset();
    }

    public int sizeBytes() {
        int size = 0;
        for (RowWrite row : rows) {
            size += row.sizeBytes();
        }
        return size;
    }

    /** True when this was the last row outstanding. */
    boolean rowDone() {
        return remaining.decrementAndGet() == 0;
    }

    /** True the first time only: a record is reported once, whichever of its rows failed. */
    boolean markFailed() {
        synchronized (this) {
            if (failed) {
                return false;
            }
            failed = true;
            return true;
        }
    }

    boolean hasFailed() {
        return failed;
    }
}
