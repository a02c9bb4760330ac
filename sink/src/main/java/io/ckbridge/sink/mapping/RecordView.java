package io.ckbridge.sink.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A Kafka record as the mapper sees it, whatever its format: Structs (Avro, JSON with schemas),
 * maps (schemaless JSON), JSON text in a string, or a primitive. Field paths resolve the same way
 * over all of them; JSON text is parsed once, and only when a path looks inside it.
 */
public final class RecordView {
    /** A field that is not there, as opposed to one that holds null. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "(missing)";
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final SinkRecord record;
    private Object key;
    private Object value;
    private boolean keyParsed;
    private boolean valueParsed;

    public RecordView(SinkRecord record) {
        this.record = record;
        this.key = record.key();
        this.value = record.value();
    }

    public SinkRecord record() {
        return record;
    }

    public boolean isTombstone() {
        return record.value() == null;
    }

    /** The value at a path, null if it holds null, {@link #MISSING} if it is not there. */
    public Object resolve(FieldPath path) {
        return switch (path.source()) {
            case KEY -> navigate(path.isWhole() ? record.key() : structuredKey(), path.fields(), "key");
            case VALUE -> navigate(path.isWhole() ? record.value() : structuredValue(), path.fields(), "value");
            case HEADER -> header(path.fields().get(0));
            case NOW -> throw new IllegalStateException("now() has no record value");
        };
    }

    /** The key with JSON text parsed, for looking up fields by name. */
    public Object structuredKey() {
        if (!keyParsed) {
            key = parseIfJson(record.key(), "key");
            keyParsed = true;
        }
        return key;
    }

    /** The value with JSON text parsed, for looking up fields by name. */
    public Object structuredValue() {
        if (!valueParsed) {
            value = parseIfJson(record.value(), "value");
            valueParsed = true;
        }
        return value;
    }

    public Schema valueSchema() {
        return record.valueSchema();
    }

    public Schema keySchema() {
        return record.keySchema();
    }

    /** A named field of a struct or map, {@link #MISSING} when absent or when the container is neither. */
    public static Object field(Object container, String name) {
        if (container instanceof Struct struct) {
            Field field = struct.schema().field(name);
            return field == null ? MISSING : struct.get(field);
        }
        if (container instanceof Map<?, ?> map) {
            Object found = map.get(name);
            return found != null || map.containsKey(name) ? found : MISSING;
        }
        return MISSING;
    }

    private Object header(String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? MISSING : header.value();
    }

    private static Object navigate(Object root, List<String> fields, String rootName) {
        Object current = root;
        for (String name : fields) {
            if (current == null || current == MISSING) {
                return MISSING;
            }
            current = field(current, name);
        }
        return current;
    }

    private static Object parseIfJson(Object raw, String what) {
        if (raw instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    return JSON.readValue(trimmed, Object.class);
                } catch (JsonProcessingException e) {
                    throw new RecordMappingException("the record " + what
                            + " is text that starts like JSON but is not valid JSON: "
                            + e.getOriginalMessage(), null);
                }
            }
        }
        return raw;
    }
}
