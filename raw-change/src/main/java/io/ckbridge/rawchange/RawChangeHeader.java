package io.ckbridge.rawchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The leading fields of a raw change message (kind, node, position, table, digest), read without
 * building the whole tree: with RF=3 two messages in three are copies of a change already seen,
 * and their digest is all that is needed to drop them. The publishers write these fields before
 * the key and rows; reading stops there.
 */
public record RawChangeHeader(String kind, String node, long segment, long position, String keyspace, String table,
                              String digest) {

    /** The header, or null when the message does not start as expected (the full parse then decides). */
    public static RawChangeHeader read(byte[] message) {
        String kind = RawChange.Kind.CHANGE.wireName();
        String node = null;
        long segment = 0;
        long position = 0;
        String keyspace = null;
        String table = null;
        String digest = null;
        try (JsonParser parser = RawChangeFormat.JSON.getFactory().createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(RawChangeFormat.KEY) || field.equals(RawChangeFormat.ROWS)
                        || value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    break; // the key or the content: the header is over
                }
                switch (field) {
                    case RawChangeFormat.KIND -> kind = parser.getText();
                    case RawChangeFormat.NODE -> node = parser.getText();
                    case RawChangeFormat.SEGMENT -> segment = parser.getValueAsLong();
                    case RawChangeFormat.POSITION -> position = parser.getValueAsLong();
                    case RawChangeFormat.KEYSPACE -> keyspace = parser.getText();
                    case RawChangeFormat.TABLE -> table = parser.getText();
                    case RawChangeFormat.DIGEST -> digest = parser.getText();
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (node == null || keyspace == null || table == null) {
            return null;
        }
        return new RawChangeHeader(kind, node, segment, position, keyspace, table, digest);
    }

    public boolean isChange() {
        return kind.equals(RawChange.Kind.CHANGE.wireName());
    }

    public String qualifiedTable() {
        return keyspace + "." + table;
    }

    /** As {@link RawChange#sourcePosition()}. */
    public String sourcePosition() {
        return node + ":" + segment + ":" + position;
    }
}
