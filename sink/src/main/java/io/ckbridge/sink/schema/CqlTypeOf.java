package io.ckbridge.sink.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The CQL type a column gets when the sink creates it: from a Connect schema when the record
 * has one, else from the Java type of a schemaless (JSON) value. Nested structures without a
 * schema are stored as JSON text.
 */
public final class CqlTypeOf {
    private CqlTypeOf() {
    }

    /** {@code nestedStruct} names (and creates) the user type for a nested struct field. */
    public static String schema(Schema schema, String fieldName, BiFunction<String, Schema, String> nestedStruct) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return "decimal";
                case Date.LOGICAL_NAME:
                    return "date";
                case Time.LOGICAL_NAME:
                    return "time";
                case Timestamp.LOGICAL_NAME:
                    return "timestamp";
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> "tinyint";
            case INT16 -> "smallint";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BOOLEAN -> "boolean";
            case STRING -> "text";
            case BYTES -> "blob";
            case ARRAY -> "list<" + frozen(schema(schema.valueSchema(), fieldName, nestedStruct)) + ">";
            case MAP -> "map<" + frozen(schema(schema.keySchema(), fieldName, nestedStruct)) + ", "
                    + frozen(schema(schema.valueSchema(), fieldName, nestedStruct)) + ">";
            case STRUCT -> "frozen<" + nestedStruct.apply(fieldName, schema) + ">";
        };
    }

    /** Collections nest only frozen: frozen<list<int>> inside a list. */
    private static String frozen(String type) {
        return type.startsWith("list<") || type.startsWith("set<") || type.startsWith("map<") ? "frozen<" + type
                + ">" : type;
    }

    public static String value(Object value) {
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return "bigint";
        }
        if (value instanceof BigInteger) {
            return "varint";
        }
        if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof byte[]) {
            return "blob";
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return "text";
        }
        return "text";
    }
}
