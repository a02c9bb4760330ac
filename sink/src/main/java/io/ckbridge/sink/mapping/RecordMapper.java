package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.ckbridge.common.types.ToCqlValue;
import io.ckbridge.common.types.ValueConversionException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Turns a record into the row write of one table mapping, or says precisely why it cannot. */
public final class RecordMapper {
    private static final ByteBuffer UNSET = ProtocolConstants.UNSET_VALUE;
    // Rough size of a mutation as Cassandra counts it against the batch thresholds, beyond the values.
    private static final int ROW_OVERHEAD_BYTES = 30;
    private static final int CELL_OVERHEAD_BYTES = 20;

    private final ProtocolVersion protocolVersion;
    private final boolean timestampFromRecord;

    public RecordMapper(ProtocolVersion protocolVersion, boolean timestampFromRecord) {
        this.protocolVersion = protocolVersion;
        this.timestampFromRecord = timestampFromRecord;
    }

    /** The write for this record and table, or null when there is nothing to write (a tombstone with deletes off). */
    public RowWrite map(RecordView view, TableMapping mapping) {
        if (view.isTombstone()) {
            return mapping.settings().deletesEnabled() ? delete(view, mapping) : null;
        }
        if (mapping.isAuto()) {
            requireEveryFieldHasAColumn(view, mapping);
        }
        int n = mapping.columnCount();
        ByteBuffer[] values = new ByteBuffer[n];
        int size = ROW_OVERHEAD_BYTES;
        for (int i = 0; i < n; i++) {
            Object raw = valueOf(view, mapping, i);
            values[i] = encode(raw, mapping, i);
            if (values[i] != UNSET) {
                size += CELL_OVERHEAD_BYTES + (values[i] == null ? 0 : values[i].remaining());
            }
        }
        RowWrite.Shape shape = RowWrite.Shape.FULL;
        for (int pk : mapping.partitionKey()) {
            requireKeyValue(values[pk], mapping, pk);
        }
        if (mapping.clustering().length > 0 && allUnset(values, mapping.clustering())) {
            // No clustering key: only the partition's static columns can be written.
            if (mapping.statics().length == 0 || !onlyStaticsSet(values, mapping)) {
                requireKeyValue(values[mapping.clustering()[0]], mapping, mapping.clustering()[0]);
            }
            shape = RowWrite.Shape.STATIC;
        } else {
            for (int ck : mapping.clustering()) {
                requireKeyValue(values[ck], mapping, ck);
            }
        }
        return new RowWrite(mapping, shape, values, ttl(view, mapping), timestamp(view, mapping),
                partitionKey(mapping, values), size, view.record());
    }

    private RowWrite delete(RecordView view, TableMapping mapping) {
        int n = mapping.columnCount();
        ByteBuffer[] values = new ByteBuffer[n];
        int size = ROW_OVERHEAD_BYTES;
        for (int i = 0; i < n; i++) {
            if (!mapping.isPrimaryKey(i)) {
                values[i] = UNSET;
                continue;
            }
            Object raw = mapping.isAuto() ? byName(view, mapping, i, true) : view.resolve(mapping.path(i));
            if (raw == RecordView.MISSING || raw == null) {
                FieldPath path = mapping.path(i);
                String from = path == null ? "a key field named " + mapping.columnName(i)
                        : path.toString() + (path.source() == FieldPath.Source.VALUE
                        ? " (a tombstone has no value: map key columns from the key)" : "");
                throw new RecordMappingException("cannot delete: the tombstone's primary key column "
                        + mapping.columnName(i)
                        + " has no value from " + from, mapping.columnName(i));
            }
            values[i] = encode(raw, mapping, i);
            size += CELL_OVERHEAD_BYTES + values[i].remaining();
        }
        return new RowWrite(mapping, RowWrite.Shape.DELETE, values, null, timestamp(view, mapping),
                partitionKey(mapping, values), size, view.record());
    }

    private Object valueOf(RecordView view, TableMapping mapping, int index) {
        if (mapping.isAuto()) {
            return byName(view, mapping, index, mapping.isPrimaryKey(index));
        }
        FieldPath path = mapping.path(index);
        if (path.source() == FieldPath.Source.NOW) {
            return now(mapping, index);
        }
        return view.resolve(path);
    }

    /** By-name mapping: the value's field, else the key's field, else a primitive key for a sole key column. */
    private static Object byName(RecordView view, TableMapping mapping, int index, boolean keyColumn) {
        String name = mapping.columns().get(index).getName().asInternal();
        if (mapping.settings().ignores(name) && !mapping.isPrimaryKey(index)) {
            return RecordView.MISSING;
        }
        Object value = view.isTombstone() ? RecordView.MISSING : fieldIgnoringCase(view.structuredValue(), name);
        if (value != RecordView.MISSING) {
            return value;
        }
        Object key = view.structuredKey();
        Object fromKey = fieldIgnoringCase(key, name);
        if (fromKey != RecordView.MISSING) {
            return fromKey;
        }
        boolean primitiveKey = key != null && !(key instanceof Struct) && !(key instanceof Map);
        if (keyColumn && primitiveKey && mapping.partitionKey().length == 1 && mapping.clustering().length == 0) {
            return key;
        }
        return RecordView.MISSING;
    }

    private static Object fieldIgnoringCase(Object container, String name) {
        Object exact = RecordView.field(container, name);
        if (exact != RecordView.MISSING) {
            return exact;
        }
        if (container instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                if (field.name().equalsIgnoreCase(name)) {
                    return struct.get(field);
                }
            }
        } else if (container instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (String.valueOf(entry.getKey()).equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
        }
        return RecordView.MISSING;
    }

    private static void requireEveryFieldHasAColumn(RecordView view, TableMapping mapping) {
        Object value = view.structuredValue();
        List<String> names = new ArrayList<>();
        if (value instanceof Struct struct) {
            struct.schema().fields().forEach(field -> names.add(field.name()));
        } else if (value instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(String.valueOf(k)));
        } else {
            throw new RecordMappingException("the value is " + ToCqlValue.describe(value)
                    + ", not a structure with fields named like the columns of "
                    + mapping.qualifiedName() + "; map it explicitly with " + mapping.settings().key("mapping")
                    + "=\"column=value\"", null);
        }
        for (String name : names) {
            if (mapping.columnIndexOf(name) < 0 && !mapping.settings().ignores(name)) {
                throw new UnknownFieldException("the value has a field '" + name + "' but " + mapping.qualifiedName()
                        + " has no such column: add the column, set cassandra.table.manage.enabled=true, or choose the "
                                + "fields with "
                        + mapping.settings().key("mapping"), name);
            }
        }
    }

    /** A value field has no column: with managed tables the column is added, else the record is bad. */
    public static final class UnknownFieldException extends RecordMappingException {
        public UnknownFieldException(String message, String field) {
            super(message, field);
        }
    }

    private static Object now(TableMapping mapping, int index) {
        if (mapping.type(index).equals(DataTypes.TIMESTAMP)) {
            return Instant.now();
        }
        if (mapping.type(index).equals(DataTypes.DATE)) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        return Uuids.timeBased();
    }

    private ByteBuffer encode(Object raw, TableMapping mapping, int index) {
        if (raw == RecordView.MISSING) {
            return UNSET;
        }
        if (raw == null) {
            return mapping.settings().nullToUnset() || mapping.isPrimaryKey(index) ? UNSET : null;
        }
        try {
            Object value = ToCqlValue.convert(raw, mapping.type(index));
            return mapping.codec(index).encode(value, protocolVersion);
        } catch (ValueConversionException | IllegalArgumentException | ClassCastException e) {
            throw new RecordMappingException("column " + mapping.columnName(index) + " (" + mapping.type(index)
                    .asCql(false, true)
                    + "): " + e.getMessage(), mapping.columnName(index), e);
        }
    }

    private static void requireKeyValue(ByteBuffer value, TableMapping mapping, int index) {
        if (value == null || value == UNSET) {
            FieldPath path = mapping.path(index);
            throw new RecordMappingException("the record has no value for primary key column "
                    + mapping.columnName(index)
                    + " (" + (path == null ? "looked up by name in the value and the key" : "mapped from " + path)
                    + ")", mapping.columnName(index));
        }
    }

    private static boolean allUnset(ByteBuffer[] values, int[] indexes) {
        for (int i : indexes) {
            if (values[i] != null && values[i] != UNSET) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyStaticsSet(ByteBuffer[] values, TableMapping mapping) {
        for (int i = 0; i < values.length; i++) {
            boolean set = values[i] != null && values[i] != UNSET;
            if (set && !mapping.isPrimaryKey(i) && !mapping.isStatic(i)) {
                return false;
            }
        }
        return true;
    }

    private ByteBuffer ttl(RecordView view, TableMapping mapping) {
        if (mapping.isCounterTable()) {
            return null;
        }
        if (mapping.ttlPath() != null) {
            Object raw = view.resolve(mapping.ttlPath());
            if (raw != null && raw != RecordView.MISSING) {
                long seconds = mapping.settings().ttlUnit().toSeconds(wholeNumber(raw, "__ttl", mapping.ttlPath()));
                if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                    throw new RecordMappingException("__ttl from " + mapping.ttlPath() + " is " + seconds
                            + " s, out of range", "__ttl");
                }
                return intBytes((int) seconds);
            }
        }
        return mapping.settings().ttlSeconds().map(RecordMapper::intBytes).orElse(UNSET);
    }

    private long timestamp(RecordView view, TableMapping mapping) {
        if (mapping.isCounterTable()) {
            return RowWrite.ASSIGN_AT_WRITE;
        }
        if (mapping.timestampPath() != null) {
            Object raw = view.resolve(mapping.timestampPath());
            if (raw != null && raw != RecordView.MISSING) {
                if (raw instanceof Date || raw instanceof Instant
                        || (raw instanceof String s && !s.trim().matches("-?\\d+"))) {
                    Instant instant = (Instant) ToCqlValue.convert(raw, DataTypes.TIMESTAMP);
                    return TimeUnit.MILLISECONDS.toMicros(instant.toEpochMilli()) + instant.getNano() / 1000 % 1000;
                }
                return mapping.settings().timestampUnit().toMicros(wholeNumber(raw, "__timestamp",
                        mapping.timestampPath()));
            }
        }
        SinkRecord record = view.record();
        if (timestampFromRecord && record.timestamp() != null) {
            return TimeUnit.MILLISECONDS.toMicros(record.timestamp());
        }
        return RowWrite.ASSIGN_AT_WRITE;
    }

    private static long wholeNumber(Object raw, String what, FieldPath path) {
        try {
            return new BigDecimal(raw.toString().trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RecordMappingException(what + " from " + path + " must be a whole number, not "
                    + ToCqlValue.describe(raw), what);
        }
    }

    private static ByteBuffer intBytes(int value) {
        ByteBuffer buffer = ByteBuffer.allocate(4).putInt(0, value);
        return buffer;
    }

    private static RowWrite.PartitionKey partitionKey(TableMapping mapping, ByteBuffer[] values) {
        int[] pk = mapping.partitionKey();
        if (pk.length == 1) {
            return new RowWrite.PartitionKey(mapping, List.of(values[pk[0]]));
        }
        List<ByteBuffer> components = new ArrayList<>(pk.length);
        for (int i : pk) {
            components.add(values[i]);
        }
        return new RowWrite.PartitionKey(mapping, components);
    }
}
