package io.ckbridge.sink.mapping;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One row write produced from a record: the encoded value of each column of the mapping (or
 * {@code UNSET}/null), its TTL and write time, and the partition it goes to.
 *
 * @param timestampMicros write time, or {@link #ASSIGN_AT_WRITE} to take a fresh one when sent
 */
public record RowWrite(
        TableMapping mapping,
        Shape shape,
        ByteBuffer[] values,
        ByteBuffer ttl,
        long timestampMicros,
        PartitionKey partition,
        int sizeBytes,
        SinkRecord record) {

    public static final long ASSIGN_AT_WRITE = Long.MIN_VALUE;

    /** Which statement writes it. */
    public enum Shape {
        /** every mapped column */
        FULL,
        /** partition key and static columns only: the record has no clustering key */
        STATIC,
        /** delete the row by primary key */
        DELETE
    }

    /** A Cassandra partition of one table; writes to the same one are applied in record order. */
    public static final class PartitionKey {
        private final TableMapping table;
        private final List<ByteBuffer> components;
        private final int hash;

        public PartitionKey(TableMapping table, List<ByteBuffer> components) {
            this.table = table;
            this.components = components;
            // hashed once: the key is looked up several times per write
            this.hash = System.identityHashCode(table) * 31 + components.hashCode();
        }

        public TableMapping table() {
            return table;
        }

        public List<ByteBuffer> components() {
            return components;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PartitionKey that && hash == that.hash && table == that.table
                    && components.equals(that.components);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
