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

    /** The route as resolved against its table when this reader started or was last rerouted. */
    ResolvedRoute route();

    /**
     * Reads on with the route resolved against the table as it is now (a column added or
     * dropped): the next records carry the new columns, and the position read up to is kept.
     */
    void reroute(ResolvedRoute route);

    /** The key and value schemas of the records read now. */
    RecordSchemas schemas();

    @Override
    default void close() {
    }
}
