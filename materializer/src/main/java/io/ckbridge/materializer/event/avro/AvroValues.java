package io.ckbridge.materializer.event.avro;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A CQL value (as the driver reads it) as the Avro datum of its {@link AvroTypes} schema. Values
 * Avro cannot hold exactly are refused with the column named, never rounded: a decimal with more
 * places than the schema's scale, a time with nanoseconds below a microsecond.
 */
final class AvroValues {
    private AvroValues() {
    }

    /** The datum of a value that may be null, for a {@code ["null", T]} schema (or T). */
    static Object nullable(DataType type, Object value, Schema schema, String column) {
        if (value == null) {
            return null;
        }
        return datum(type, value, nonNull(schema), column);
    }

    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow();
    }

    static Object datum(DataType type, Object value, Schema schema, String column) {
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR -> value;
            case ProtocolConstants.DataType.UUID, ProtocolConstants.DataType.TIMEUUID,
                    ProtocolConstants.DataType.VARINT -> value.toString();
            case ProtocolConstants.DataType.INET -> ((InetAddress) value).getHostAddress();
            case ProtocolConstants.DataType.TINYINT, ProtocolConstants.DataType.SMALLINT ->
                    ((Number) value).intValue();
            case ProtocolConstants.DataType.DECIMAL -> decimal((BigDecimal) value, schema, column);
            case ProtocolConstants.DataType.TIMESTAMP -> ((Instant) value).toEpochMilli();
            case ProtocolConstants.DataType.DATE -> (int) ((LocalDate) value).toEpochDay();
            case ProtocolConstants.DataType.TIME -> micros((LocalTime) value, column);
            case ProtocolConstants.DataType.BLOB -> ((ByteBuffer) value).duplicate();
            case ProtocolConstants.DataType.DURATION -> duration((CqlDuration) value, schema);
            case ProtocolConstants.DataType.LIST -> elements((Iterable<?>) value, ((ListType) type).getElementType(),
                    schema, column);
            case ProtocolConstants.DataType.SET -> elements((Iterable<?>) value, ((SetType) type).getElementType(),
                    schema, column);
            case ProtocolConstants.DataType.MAP -> map((Map<?, ?>) value, (MapType) type, schema, column);
            case ProtocolConstants.DataType.TUPLE -> tuple((TupleValue) value, (TupleType) type, schema, column);
            case ProtocolConstants.DataType.UDT -> udt((UdtValue) value, (UserDefinedType) type, schema, column);
            default -> type instanceof VectorType vector
                    ? elements((Iterable<?>) value, vector.getElementType(), schema, column)
                    : value; // boolean, int, bigint, counter, float, double: Avro's own
        };
    }

    private static ByteBuffer decimal(BigDecimal value, Schema schema, String column) {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
        BigDecimal scaled;
        try {
            scaled = value.setScale(decimal.getScale());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("column " + column + ": " + value.toPlainString() + " has more than "
                    + decimal.getScale() + " decimal places, the Avro schema's scale (avro.decimal.scale)");
        }
        if (scaled.precision() > decimal.getPrecision()) {
            throw new IllegalArgumentException("column " + column + ": " + value.toPlainString() + " has more than "
                    + decimal.getPrecision() + " digits at scale " + decimal.getScale()
                    + ", the Avro schema's precision (avro.decimal.precision)");
        }
        BigInteger unscaled = scaled.unscaledValue();
        return ByteBuffer.wrap(unscaled.toByteArray());
    }

    private static long micros(LocalTime value, String column) {
        long nanos = value.toNanoOfDay();
        if (nanos % 1_000 != 0) {
            throw new IllegalArgumentException("column " + column + ": time " + value
                    + " has nanoseconds below a microsecond, which Avro's time-micros cannot hold");
        }
        return nanos / 1_000;
    }

    private static GenericRecord duration(CqlDuration value, Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("months", value.getMonths());
        record.put("days", value.getDays());
        record.put("nanoseconds", value.getNanoseconds());
        return record;
    }

    private static List<Object> elements(Iterable<?> values, DataType elementType, Schema schema, String column) {
        List<Object> elements = new ArrayList<>();
        for (Object element : values) {
            elements.add(datum(elementType, element, schema.getElementType(), column));
        }
        return elements;
    }

    private static Object map(Map<?, ?> value, MapType type, Schema schema, String column) {
        if (schema.getType() == Schema.Type.MAP) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.forEach((key, element) -> map.put((String) key, nullable(type.getValueType(), element,
                    schema.getValueType(), column)));
            return map;
        }
        Schema entry = schema.getElementType();
        List<Object> entries = new ArrayList<>();
        value.forEach((key, element) -> {
            GenericRecord record = new GenericData.Record(entry);
            record.put("key", datum(type.getKeyType(), key, entry.getField("key").schema(), column));
            record.put("value", nullable(type.getValueType(), element, entry.getField("value").schema(), column));
            entries.add(record);
        });
        return entries;
    }

    private static GenericRecord tuple(TupleValue value, TupleType type, Schema schema, String column) {
        GenericRecord record = new GenericData.Record(schema);
        List<DataType> components = type.getComponentTypes();
        for (int i = 0; i < components.size(); i++) {
            record.put("f" + i, nullable(components.get(i), value.getObject(i), schema.getField("f" + i).schema(),
                    column));
        }
        return record;
    }

    private static GenericRecord udt(UdtValue value, UserDefinedType type, Schema schema, String column) {
        GenericRecord record = new GenericData.Record(schema);
        for (int i = 0; i < type.getFieldNames().size(); i++) {
            String field = AvroNames.of(type.getFieldNames().get(i).asInternal());
            record.put(field, nullable(type.getFieldTypes().get(i), value.getObject(i), schema.getField(field).schema(),
                    column));
        }
        return record;
    }
}
