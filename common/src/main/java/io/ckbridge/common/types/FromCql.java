package io.ckbridge.common.types;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.GettableByIndex;
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
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Kafka Connect schemas and values for CQL types, for records read from Cassandra. Timestamps,
 * dates and times become Connect's logical types; decimal and varint become {@link Decimal} (at
 * the value's own scale); UUIDs, addresses and durations become strings; tuples and user types
 * become structs; collections become arrays and maps.
 */
public final class FromCql {
    private static final Map<Integer, Schema> DECIMALS = new ConcurrentHashMap<>();

    private FromCql() {
    }

    /** The schema of a column of this type; {@code optional} for columns that may be null. */
    public static Schema schema(DataType type, boolean optional) {
        SchemaBuilder builder = builder(type);
        return optional ? builder.optional().build() : builder.build();
    }

    private static SchemaBuilder builder(DataType type) {
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR, ProtocolConstants.DataType.UUID,
                    ProtocolConstants.DataType.TIMEUUID, ProtocolConstants.DataType.INET,
                    ProtocolConstants.DataType.DURATION -> SchemaBuilder.string();
            case ProtocolConstants.DataType.BOOLEAN -> SchemaBuilder.bool();
            case ProtocolConstants.DataType.TINYINT -> SchemaBuilder.int8();
            case ProtocolConstants.DataType.SMALLINT -> SchemaBuilder.int16();
            case ProtocolConstants.DataType.INT -> SchemaBuilder.int32();
            case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER -> SchemaBuilder.int64();
            case ProtocolConstants.DataType.FLOAT -> SchemaBuilder.float32();
            case ProtocolConstants.DataType.DOUBLE -> SchemaBuilder.float64();
            case ProtocolConstants.DataType.VARINT -> Decimal.builder(0);
            // The scale of a CQL decimal belongs to each value, Connect's Decimal fixes it in the
            // schema: a column gets a schema per value (see decimalSchema); inside collections and
            // structures, where elements may differ, decimals are exact decimal text.
            case ProtocolConstants.DataType.DECIMAL -> SchemaBuilder.string();
            case ProtocolConstants.DataType.TIMESTAMP -> Timestamp.builder();
            case ProtocolConstants.DataType.DATE -> org.apache.kafka.connect.data.Date.builder();
            case ProtocolConstants.DataType.TIME -> Time.builder();
            case ProtocolConstants.DataType.BLOB -> SchemaBuilder.bytes();
            case ProtocolConstants.DataType.LIST -> SchemaBuilder.array(schema(((ListType) type).getElementType(),
                    true));
            case ProtocolConstants.DataType.SET -> SchemaBuilder.array(schema(((SetType) type).getElementType(), true));
            case ProtocolConstants.DataType.MAP -> SchemaBuilder.map(schema(((MapType) type).getKeyType(), false),
                    schema(((MapType) type).getValueType(), true));
            case ProtocolConstants.DataType.TUPLE -> tuple((TupleType) type);
            case ProtocolConstants.DataType.UDT -> udt((UserDefinedType) type);
            default -> type instanceof VectorType vector
                    ? SchemaBuilder.array(schema(vector.getElementType(), false))
                    : SchemaBuilder.string();
        };
    }

    private static SchemaBuilder tuple(TupleType type) {
        SchemaBuilder builder = SchemaBuilder.struct();
        List<DataType> components = type.getComponentTypes();
        for (int i = 0; i < components.size(); i++) {
            builder.field("field" + i, schema(components.get(i), true));
        }
        return builder;
    }

    private static SchemaBuilder udt(UserDefinedType type) {
        SchemaBuilder builder = SchemaBuilder.struct().name(type.getKeyspace().asInternal() + "." + type.getName()
                .asInternal());
        for (int i = 0; i < type.getFieldNames().size(); i++) {
            builder.field(type.getFieldNames().get(i).asInternal(), schema(type.getFieldTypes().get(i), true));
        }
        return builder;
    }

    /** The schema for a decimal value: Connect's Decimal at that value's scale. */
    public static Schema decimalSchema(int scale, boolean optional) {
        Schema schema = DECIMALS.computeIfAbsent(scale * 2 + (optional ? 1 : 0), key -> {
            SchemaBuilder builder = Decimal.builder(scale);
            return optional ? builder.optional().build() : builder.build();
        });
        return schema;
    }

    /** The value at {@code index} of a row (or UDT or tuple), as Connect data of {@link #schema}. */
    public static Object value(GettableByIndex data, int index, DataType type, Schema schema) {
        if (data.isNull(index)) {
            return null;
        }
        return convert(data.getObject(index), type, schema);
    }

    /** Driver values (from getObject) as Connect data. */
    public static Object convert(Object value, DataType type, Schema schema) {
        if (value == null) {
            return null;
        }
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.UUID, ProtocolConstants.DataType.TIMEUUID,
                    ProtocolConstants.DataType.DURATION -> value.toString();
            case ProtocolConstants.DataType.INET -> ((InetAddress) value).getHostAddress();
            case ProtocolConstants.DataType.VARINT -> new BigDecimal((BigInteger) value);
            case ProtocolConstants.DataType.DECIMAL -> ((BigDecimal) value).toPlainString();
            case ProtocolConstants.DataType.TIMESTAMP -> Date.from((Instant) value);
            case ProtocolConstants.DataType.DATE -> new Date(((LocalDate) value).toEpochDay() * 86_400_000L);
            case ProtocolConstants.DataType.TIME -> new Date(((LocalTime) value).toNanoOfDay() / 1_000_000L);
            case ProtocolConstants.DataType.BLOB -> bytes((ByteBuffer) value);
            case ProtocolConstants.DataType.LIST -> elements((Collection<?>) value, ((ListType) type).getElementType(),
                    schema.valueSchema());
            case ProtocolConstants.DataType.SET -> elements((Set<?>) value, ((SetType) type).getElementType(),
                    schema.valueSchema());
            case ProtocolConstants.DataType.MAP -> map((Map<?, ?>) value, (MapType) type, schema);
            case ProtocolConstants.DataType.TUPLE -> tupleValue((TupleValue) value, (TupleType) type, schema);
            case ProtocolConstants.DataType.UDT -> udtValue((UdtValue) value, (UserDefinedType) type, schema);
            default -> type instanceof VectorType vector
                    ? elements(vectorElements((CqlVector<?>) value), vector.getElementType(), schema.valueSchema())
                    : value instanceof CqlDuration ? value.toString() : value;
        };
    }

    private static List<Object> vectorElements(CqlVector<?> vector) {
        List<Object> elements = new ArrayList<>();
        vector.forEach(elements::add);
        return elements;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static List<Object> elements(Collection<?> values, DataType elementType, Schema elementSchema) {
        List<Object> result = new ArrayList<>(values.size());
        for (Object element : values) {
            result.add(convert(element, elementType, elementSchema));
        }
        return result;
    }

    private static Map<Object, Object> map(Map<?, ?> values, MapType type, Schema schema) {
        Map<Object, Object> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(convert(k, type.getKeyType(), schema.keySchema()),
                convert(v, type.getValueType(), schema.valueSchema())));
        return result;
    }

    private static Struct tupleValue(TupleValue tuple, TupleType type, Schema schema) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < type.getComponentTypes().size(); i++) {
            struct.put("field" + i, value(tuple, i, type.getComponentTypes().get(i), schema.field("field" + i)
                    .schema()));
        }
        return struct;
    }

    private static Struct udtValue(UdtValue udt, UserDefinedType type, Schema schema) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < type.getFieldNames().size(); i++) {
            String name = type.getFieldNames().get(i).asInternal();
            struct.put(name, value(udt, i, type.getFieldTypes().get(i), schema.field(name).schema()));
        }
        return struct;
    }
}
