package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The prepared statements that write one table mapping, one per row shape, and the binding of a
 * {@link RowWrite} to them. Values arrive already encoded, so binding copies no data.
 */
public final class TableStatements {
    private final TableMapping mapping;
    private final Map<RowWrite.Shape, Prepared> statements = new EnumMap<>(RowWrite.Shape.class);
    private final ConsistencyLevel consistency;
    private final Duration timeout;

    private record Prepared(PreparedStatement statement, int[] slots) {
    }

    public TableStatements(CqlSession session, TableMapping mapping, ConsistencyLevel defaultConsistency,
            Duration timeout) {
        this.mapping = mapping;
        this.consistency = mapping.settings().consistencyLevel().map(ConsistencyLevel.class::cast)
                .orElse(defaultConsistency);
        this.timeout = timeout;
        for (RowWrite.Shape shape : RowWrite.Shape.values()) {
            if (mapping.query().isPresent() ? shape == RowWrite.Shape.FULL
                    : shape != RowWrite.Shape.STATIC || mapping.statics().length > 0) {
                WriteCql cql = WriteCql.of(mapping, shape);
                statements.put(shape, new Prepared(session.prepare(cql.text()), cql.slots()));
            }
        }
    }

    public TableMapping mapping() {
        return mapping;
    }

    public ConsistencyLevel consistency() {
        return consistency;
    }

    /** The bound statement of a write; {@code assignedTimestampMicros} is its write time unless it carries one. */
    public BoundStatement bind(RowWrite write, long assignedTimestampMicros) {
        Prepared prepared = statements.get(write.shape());
        BoundStatementBuilder builder = prepared.statement().boundStatementBuilder();
        int[] slots = prepared.slots();
        for (int i = 0; i < slots.length; i++) {
            int slot = slots[i];
            ByteBuffer value;
            if (slot == WriteCql.TTL) {
                value = write.ttl();
            } else if (slot == WriteCql.TIMESTAMP) {
                long micros = write.timestampMicros() == RowWrite.ASSIGN_AT_WRITE
                        ? assignedTimestampMicros : write.timestampMicros();
                value = ByteBuffer.allocate(8).putLong(0, micros);
            } else {
                value = write.values()[slot];
            }
            if (value == ProtocolConstants.UNSET_VALUE) {
                builder.unset(i);
            } else {
                builder.setBytesUnsafe(i, value == null ? null : value.duplicate());
            }
        }
        return builder.setConsistencyLevel(consistency).setTimeout(timeout).setIdempotence(mapping.isIdempotent())
                .build();
    }
}
