package io.ckbridge.rawchange;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/**
 * Columns with their values as JSON text, in key order: a partition key or a clustering prefix as
 * the producer has it (Cassandra's own JSON of each value), written without parsing it again.
 */
public interface JsonColumns {
    JsonColumns NONE = of(List.of(), List.of());

    int size();

    String name(int index);

    /** The value as JSON text. */
    String json(int index);

    static JsonColumns of(List<String> names, List<String> jsonValues) {
        if (names.size() != jsonValues.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + jsonValues.size() + " values");
        }
        return new JsonColumns() {
            @Override
            public int size() {
                return names.size();
            }

            @Override
            public String name(int index) {
                return names.get(index);
            }

            @Override
            public String json(int index) {
                return jsonValues.get(index);
            }
        };
    }

    /**
     * The columns as one JSON object, e.g. {@code {"pk":1,"name":"x"}}: the Kafka key of a raw
     * change, and the materializer's state key. Every producer builds it here, so a partition's key
     * text is the same whichever wrote it.
     */
    default String toJsonObject() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            // a quoted identifier may hold any character: escaped as JSON does
            text.append('"').append(JsonStringEncoder.getInstance().quoteAsString(name(i))).append("\":")
                    .append(json(i));
        }
        return text.append('}').toString();
    }
}
