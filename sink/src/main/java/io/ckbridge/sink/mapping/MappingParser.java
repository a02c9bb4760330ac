package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the DataStax sink's mapping syntax, accepted unchanged:
 * {@code "id=key.id, total=value.amount.total, __ttl=value.ttl, __timestamp=value.ts"}.
 * Column names follow CQL (unquoted names are case-insensitive, "Quoted" ones exact); field
 * names are exact and may be double-quoted when they hold dots or spaces.
 */
public final class MappingParser {
    public static final String TTL = "__ttl";
    public static final String TIMESTAMP = "__timestamp";

    private final String text;
    private int position;

    private MappingParser(String text) {
        this.text = text;
    }

    /** The parsed mapping, or {@link MappingSyntaxException} naming the position of the problem. */
    public static ParsedMapping parse(String mapping) {
        return new MappingParser(mapping).parseAll();
    }

    public record ParsedMapping(Map<CqlIdentifier, FieldPath> columns, FieldPath ttl, FieldPath timestamp) {
    }

    private ParsedMapping parseAll() {
        Map<CqlIdentifier, FieldPath> columns = new LinkedHashMap<>();
        FieldPath ttl = null;
        FieldPath timestamp = null;
        skipSpaces();
        if (position >= text.length()) {
            throw error("the mapping is empty; write column=field pairs such as 'id=key.id, name=value.name'");
        }
        while (true) {
            skipSpaces();
            int columnAt = position;
            String column = identifier("a column name");
            boolean quotedColumn = text.charAt(columnAt) == '"';
            skipSpaces();
            expect('=');
            skipSpaces();
            FieldPath path = fieldPath();
            if (!quotedColumn && column.equals(TTL)) {
                ttl = requireUnique(ttl, path, columnAt, TTL);
            } else if (!quotedColumn && column.equals(TIMESTAMP)) {
                timestamp = requireUnique(timestamp, path, columnAt, TIMESTAMP);
            } else {
                CqlIdentifier id = quotedColumn ? CqlIdentifier.fromInternal(column) : CqlIdentifier.fromCql(column);
                if (columns.put(id, path) != null) {
                    position = columnAt;
                    throw error("column " + id.asCql(true) + " is mapped twice");
                }
            }
            skipSpaces();
            if (position >= text.length()) {
                break;
            }
            expect(',');
        }
        return new ParsedMapping(columns, ttl, timestamp);
    }

    private FieldPath requireUnique(FieldPath previous, FieldPath path, int at, String name) {
        if (previous != null) {
            position = at;
            throw error(name + " is mapped twice");
        }
        return path;
    }

    private FieldPath fieldPath() {
        int start = position;
        String head = identifier("key, value, header.<name> or now()");
        if (head.equals("now") && peek() == '(') {
            position++;
            skipSpaces();
            expect(')');
            return FieldPath.now();
        }
        FieldPath.Source source = switch (head) {
            case "key" -> FieldPath.Source.KEY;
            case "value" -> FieldPath.Source.VALUE;
            case "header" -> FieldPath.Source.HEADER;
            default -> {
                position = start;
                throw error("a field must start with 'key', 'value' or 'header', not '" + head + "'");
            }
        };
        List<String> fields = new ArrayList<>();
        while (peek() == '.') {
            position++;
            fields.add(identifier("a field name"));
        }
        if (source == FieldPath.Source.HEADER && fields.size() != 1) {
            position = start;
            throw error("a header is named as header.<name>");
        }
        return new FieldPath(source, List.copyOf(fields));
    }

    /** A bare name ([A-Za-z0-9_]+) or a double-quoted one with "" for a quote. */
    private String identifier(String what) {
        if (position >= text.length()) {
            throw error("expected " + what + " but the mapping ends");
        }
        if (text.charAt(position) == '"') {
            StringBuilder name = new StringBuilder();
            int i = position + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        name.append('"');
                        i += 2;
                        continue;
                    }
                    position = i + 1;
                    return name.toString();
                }
                name.append(c);
                i++;
            }
            throw error("a quoted name is not closed");
        }
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || text.charAt(position) == '_')) {
            position++;
        }
        if (start == position) {
            throw error("expected " + what + " but found '" + text.charAt(position) + "'");
        }
        return text.substring(start, position);
    }

    private void expect(char c) {
        if (position >= text.length() || text.charAt(position) != c) {
            throw error("expected '" + c + "'" + (position >= text.length() ? " but the mapping ends" : " but found '"
                    + text.charAt(position) + "'"));
        }
        position++;
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private MappingSyntaxException error(String problem) {
        return new MappingSyntaxException(problem + " (at character " + (position + 1) + " of \"" + text + "\")");
    }

    /** The mapping text is malformed; the message points at the spot. */
    public static final class MappingSyntaxException extends IllegalArgumentException {
        public MappingSyntaxException(String message) {
            super(message);
        }
    }
}
