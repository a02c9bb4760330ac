package io.ckbridge.sink.mapping;

import java.util.List;

/**
 * Where a column's value comes from in a Kafka record: {@code key}, {@code value} or a
 * {@code header}, then nested field names at any depth ({@code value.amount.total}); or the
 * function {@code now()} (a new time UUID / the current time).
 */
public record FieldPath(Source source, List<String> fields) {
    public enum Source { KEY, VALUE, HEADER, NOW }

    public static FieldPath now() {
        return new FieldPath(Source.NOW, List.of());
    }

    public boolean isWhole() {
        return fields.isEmpty();
    }

    @Override
    public String toString() {
        if (source == Source.NOW) {
            return "now()";
        }
        StringBuilder text = new StringBuilder(source.name().toLowerCase(java.util.Locale.ROOT));
        for (String field : fields) {
            text.append('.').append(field.matches("[A-Za-z_][A-Za-z0-9_]*") ? field : "\"" + field.replace("\"", "\"\"")
                    + "\"");
        }
        return text.toString();
    }
}
