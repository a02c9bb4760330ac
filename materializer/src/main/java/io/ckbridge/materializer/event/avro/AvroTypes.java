package io.ckbridge.materializer.event.avro;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Avro schema of a CQL type, with logical types where Avro has them: timestamp-millis,
 * date, time-micros, uuid (uuid and timeuuid), decimal (at the configured precision and scale:
 * CQL decimals have a scale of their own each, Avro's is the schema's). varint is a string (it
 * has no bound), inet a string, duration a record of months, days and nanoseconds. Lists, sets
 * and vectors are arrays; maps with text keys Avro maps, others arrays of key/value records; UDTs
 * records named after the type; tuples records of fields f0, f1... A named type is defined once
 * per schema and referred to after, as Avro requires.
 */
final class AvroTypes {
    private final int decimalPrecision;
    private final int decimalScale;
    /** Named types made for this schema, by full name: a second use must be the same instance. */
    private final Map<String, Schema> named = new HashMap<>();

    AvroTypes(int decimalPrecision, int decimalScale) {
        this.decimalPrecision = decimalPrecision;
        this.decimalScale = decimalScale;
    }

    /** {@code ["null", schema]} with default null: a value that may be absent. */
    static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    /** The schema of a column's (or element's) type; {@code path} names the records it needs. */
    Schema of(DataType type, String namespace, String path) {
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR, ProtocolConstants.DataType.INET,
                    ProtocolConstants.DataType.VARINT -> Schema.create(Schema.Type.STRING);
            case ProtocolConstants.DataType.UUID, ProtocolConstants.DataType.TIMEUUID ->
                    LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case ProtocolConstants.DataType.BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case ProtocolConstants.DataType.TINYINT, ProtocolConstants.DataType.SMALLINT,
                    ProtocolConstants.DataType.INT -> Schema.create(Schema.Type.INT);
            case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER ->
                    Schema.create(Schema.Type.LONG);
            case ProtocolConstants.DataType.FLOAT -> Schema.create(Schema.Type.FLOAT);
            case ProtocolConstants.DataType.DOUBLE -> Schema.create(Schema.Type.DOUBLE);
            case ProtocolConstants.DataType.DECIMAL -> LogicalTypes.decimal(decimalPrecision, decimalScale)
                    .addToSchema(Schema.create(Schema.Type.BYTES));
            case ProtocolConstants.DataType.TIMESTAMP -> LogicalTypes.timestampMillis()
                    .addToSchema(Schema.create(Schema.Type.LONG));
            case ProtocolConstants.DataType.DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case ProtocolConstants.DataType.TIME -> LogicalTypes.timeMicros()
                    .addToSchema(Schema.create(Schema.Type.LONG));
            case ProtocolConstants.DataType.BLOB -> Schema.create(Schema.Type.BYTES);
            case ProtocolConstants.DataType.DURATION -> duration();
            case ProtocolConstants.DataType.LIST -> Schema.createArray(of(((ListType) type).getElementType(), namespace,
                    path + "_element"));
            case ProtocolConstants.DataType.SET -> Schema.createArray(of(((SetType) type).getElementType(), namespace,
                    path + "_element"));
            case ProtocolConstants.DataType.MAP -> map((MapType) type, namespace, path);
            case ProtocolConstants.DataType.TUPLE -> tuple((TupleType) type, namespace, path);
            case ProtocolConstants.DataType.UDT -> udt((UserDefinedType) type);
            default -> {
                if (type instanceof VectorType vector) {
                    yield Schema.createArray(of(vector.getElementType(), namespace, path + "_element"));
                }
                throw new IllegalArgumentException("no Avro type for CQL " + type.asCql(false, true));
            }
        };
    }

    private Schema map(MapType type, String namespace, String path) {
        int keyCode = type.getKeyType().getProtocolCode();
        if (keyCode == ProtocolConstants.DataType.VARCHAR || keyCode == ProtocolConstants.DataType.ASCII) {
            return Schema.createMap(of(type.getValueType(), namespace, path + "_value"));
        }
        return Schema.createArray(record(namespace, path + "_entry", () -> List.of(
                new Schema.Field("key", of(type.getKeyType(), namespace, path + "_key")),
                new Schema.Field("value", nullable(of(type.getValueType(), namespace, path + "_value")),
                        null, Schema.Field.NULL_DEFAULT_VALUE))));
    }

    private Schema tuple(TupleType type, String namespace, String path) {
        return record(namespace, path + "_tuple", () -> {
            List<Schema.Field> fields = new ArrayList<>();
            List<DataType> components = type.getComponentTypes();
            for (int i = 0; i < components.size(); i++) {
                fields.add(new Schema.Field("f" + i, nullable(of(components.get(i), namespace, path + "_f" + i)),
                        null, Schema.Field.NULL_DEFAULT_VALUE));
            }
            return fields;
        });
    }

    private Schema udt(UserDefinedType type) {
        String namespace = AvroNames.of(type.getKeyspace().asInternal());
        String name = AvroNames.of(type.getName().asInternal());
        return record(namespace, name, () -> {
            List<Schema.Field> fields = new ArrayList<>();
            for (int i = 0; i < type.getFieldNames().size(); i++) {
                String field = type.getFieldNames().get(i).asInternal();
                fields.add(new Schema.Field(AvroNames.of(field), nullable(of(type.getFieldTypes().get(i), namespace,
                        name + "_" + AvroNames.of(field))), null, Schema.Field.NULL_DEFAULT_VALUE));
            }
            return fields;
        });
    }

    private Schema duration() {
        return record("io.ckbridge.cql", "Duration", () -> List.of(
                new Schema.Field("months", Schema.create(Schema.Type.INT)),
                new Schema.Field("days", Schema.create(Schema.Type.INT)),
                new Schema.Field("nanoseconds", Schema.create(Schema.Type.LONG))));
    }

    private Schema record(String namespace, String name, Supplier<List<Schema.Field>> fields) {
        String fullName = namespace + "." + name;
        Schema known = named.get(fullName);
        if (known != null) {
            return known;
        }
        Schema record = Schema.createRecord(name, null, namespace, false);
        named.put(fullName, record);
        record.setFields(fields.get());
        return record;
    }
}
