package io.ckbridge.source.read;

import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** Reads one route's rows as Kafka records, a batch per call, when due. */
public interface TableReader extends AutoCloseable {
    /** The records of one batch; empty when nothing new is there. */
    List<SourceRecord> read();

    /** When {@link #read} should next be called, in epoch milliseconds. */
    long nextDueMillis();

    String describe();

    @Override
    default void close() {
    }
}
