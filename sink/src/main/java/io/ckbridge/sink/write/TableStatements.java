package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.ckbridge.sink.SinkConfig.WriteMode;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements that write one table mapping, one per row shape, and the binding of a
 * {@link RowWrite} to them. Values arrive already encoded, so binding copies no data.
 */
public final class TableStatements {
    private static final int TTL = -1;
    private static final int TIMESTAMP = -2;

    private final TableMapping mapping;
    private final Map<RowWrite.Shape, Prepared> statements = new EnumMap<>(RowWrite.Shape.class);
    private final ConsistencyLevel consistency;
    private final Duration timeout;

    private record Prepared(PreparedStatement statement, int[] slots) {
    }

    public TableStatements(CqlSession session, TableMapping mapping, ConsistencyLevel defaultConsistency, Duration timeout) {
        this.mapping = mapping;
        this.consistency = mapping.settings().consistencyLevel().map(ConsistencyLevel.class::cast).orElse(defaultConsistency);
        this.timeout = timeout;
        prepare(session, RowWrite.Shape.FULL, allColumns());
        if (mapping.statics().length > 0) {
            prepare(session, RowWrite.Shape.STATIC, staticColumns());
        }
        prepareDelete(session);
    }

    public TableMapping mapping() {
        return mapping;
    }

    /** The CQL of a shape, for logs and tests. */
    public String cql(RowWrite.Shape shape) {
        return statements.get(shape).statement().getQuery();
    }

    /** The bound statement of a write; the write time is given when the write did not carry one. */
    public BoundStatement bind(RowWrite write, long assignedTimestampMicros) {
        Prepared prepared = statements.get(write.shape());
        BoundStatementBuilder builder = prepared.statement().boundStatementBuilder();
        int[] slots = prepared.slots();
        for (int i = 0; i < slots.length; i++) {
            int slot = slots[i];
            ByteBuffer value;
            if (slot == TTL) {
                value = write.ttl();
            } else if (slot == TIMESTAMP) {
                long micros = write.timestampMicros() == RowWrite.ASSIGN_AT_WRITE ? assignedTimestampMicros : write.timestampMicros();
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
        return builder.setConsistencyLevel(consistency).setTimeout(timeout).setIdempotence(mapping.isIdempotent()).build();
    }

    public ConsistencyLevel consistency() {
        return consistency;
    }

    private List<Integer> allColumns() {
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < mapping.columnCount(); i++) {
            columns.add(i);
        }
        return columns;
    }

    private List<Integer> staticColumns() {
        List<Integer> columns = new ArrayList<>();
        for (int i : mapping.partitionKey()) {
            columns.add(i);
        }
        for (int i : mapping.statics()) {
            columns.add(i);
        }
        return columns;
    }

    private void prepare(CqlSession session, RowWrite.Shape shape, List<Integer> columns) {
        List<Integer> keys = columns.stream().filter(mapping::isPrimaryKey).toList();
        List<Integer> others = columns.stream().filter(i -> !mapping.isPrimaryKey(i)).toList();
        StringBuilder cql = new StringBuilder();
        List<Integer> slots = new ArrayList<>();
        boolean counters = mapping.isCounterTable();
        if (mapping.mode() == WriteMode.INSERT || others.isEmpty()) {
            // INSERT also writes a row that has nothing but its primary key
            cql.append("INSERT INTO ").append(mapping.qualifiedName()).append(" (")
                    .append(String.join(", ", columns.stream().map(mapping::columnName).toList()))
                    .append(") VALUES (").append(String.join(", ", columns.stream().map(i -> "?").toList())).append(")")
                    .append(" USING TTL ? AND TIMESTAMP ?");
            slots.addAll(columns);
            slots.add(TTL);
            slots.add(TIMESTAMP);
        } else {
            cql.append("UPDATE ").append(mapping.qualifiedName());
            if (!counters) {
                cql.append(" USING TTL ? AND TIMESTAMP ?");
                slots.add(TTL);
                slots.add(TIMESTAMP);
            }
            cql.append(" SET ");
            List<String> sets = new ArrayList<>();
            for (int i : others) {
                String name = mapping.columnName(i);
                sets.add(mapping.isCounter(i) || mapping.isAppend(i) ? name + " = " + name + " + ?" : name + " = ?");
                slots.add(i);
            }
            cql.append(String.join(", ", sets));
            appendWhere(cql, keys, slots);
        }
        statements.put(shape, new Prepared(session.prepare(cql.toString()), slots.stream().mapToInt(Integer::intValue).toArray()));
    }

    private void prepareDelete(CqlSession session) {
        List<Integer> keys = new ArrayList<>();
        for (int i : mapping.partitionKey()) {
            keys.add(i);
        }
        for (int i : mapping.clustering()) {
            keys.add(i);
        }
        StringBuilder cql = new StringBuilder("DELETE FROM ").append(mapping.qualifiedName());
        List<Integer> slots = new ArrayList<>();
        if (!mapping.isCounterTable()) {
            cql.append(" USING TIMESTAMP ?");
            slots.add(TIMESTAMP);
        }
        appendWhere(cql, keys, slots);
        statements.put(RowWrite.Shape.DELETE, new Prepared(session.prepare(cql.toString()), slots.stream().mapToInt(Integer::intValue).toArray()));
    }

    private void appendWhere(StringBuilder cql, List<Integer> keys, List<Integer> slots) {
        cql.append(" WHERE ").append(String.join(" AND ", keys.stream().map(i -> mapping.columnName(i) + " = ?").toList()));
        slots.addAll(keys);
    }
}
