package io.ckbridge.rawchange;

import static io.ckbridge.rawchange.RawChangeFormat.ABORTED;
import static io.ckbridge.rawchange.RawChangeFormat.CELLS;
import static io.ckbridge.rawchange.RawChangeFormat.CLEARED;
import static io.ckbridge.rawchange.RawChangeFormat.CLUSTERING;
import static io.ckbridge.rawchange.RawChangeFormat.COLUMN;
import static io.ckbridge.rawchange.RawChangeFormat.DELETED_AT;
import static io.ckbridge.rawchange.RawChangeFormat.DELETION;
import static io.ckbridge.rawchange.RawChangeFormat.DIGEST;
import static io.ckbridge.rawchange.RawChangeFormat.END;
import static io.ckbridge.rawchange.RawChangeFormat.EXPIRES_AT;
import static io.ckbridge.rawchange.RawChangeFormat.INCLUSIVE;
import static io.ckbridge.rawchange.RawChangeFormat.JSON;
import static io.ckbridge.rawchange.RawChangeFormat.KEY;
import static io.ckbridge.rawchange.RawChangeFormat.KEYSPACE;
import static io.ckbridge.rawchange.RawChangeFormat.KIND;
import static io.ckbridge.rawchange.RawChangeFormat.LIVENESS;
import static io.ckbridge.rawchange.RawChangeFormat.NODE;
import static io.ckbridge.rawchange.RawChangeFormat.PARTITION_DELETION;
import static io.ckbridge.rawchange.RawChangeFormat.PATH;
import static io.ckbridge.rawchange.RawChangeFormat.POSITION;
import static io.ckbridge.rawchange.RawChangeFormat.RANGE_DELETIONS;
import static io.ckbridge.rawchange.RawChangeFormat.ROWS;
import static io.ckbridge.rawchange.RawChangeFormat.SCHEMA_VERSION;
import static io.ckbridge.rawchange.RawChangeFormat.SEGMENT;
import static io.ckbridge.rawchange.RawChangeFormat.SNAPSHOT_ID;
import static io.ckbridge.rawchange.RawChangeFormat.START;
import static io.ckbridge.rawchange.RawChangeFormat.STATIC;
import static io.ckbridge.rawchange.RawChangeFormat.TABLE;
import static io.ckbridge.rawchange.RawChangeFormat.TABLE_ID;
import static io.ckbridge.rawchange.RawChangeFormat.TOMBSTONE;
import static io.ckbridge.rawchange.RawChangeFormat.TS;
import static io.ckbridge.rawchange.RawChangeFormat.TTL;
import static io.ckbridge.rawchange.RawChangeFormat.V;
import static io.ckbridge.rawchange.RawChangeFormat.VALUE;
import static io.ckbridge.rawchange.RawChangeFormat.VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChange.Bound;
import io.ckbridge.rawchange.RawChange.Cleared;
import io.ckbridge.rawchange.RawChange.Deletion;
import io.ckbridge.rawchange.RawChange.Kind;
import io.ckbridge.rawchange.RawChange.Liveness;
import io.ckbridge.rawchange.RawChange.RangeDeletion;
import io.ckbridge.rawchange.RawChange.RawCell;
import io.ckbridge.rawchange.RawChange.RawRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads raw change messages (format v1, {@link RawChangeFormat}) into {@link RawChange}s. */
public final class RawChangeReader {
    private RawChangeReader() {
    }

    /** Reads a message; an {@link IllegalArgumentException} says what is wrong with it. */
    public static RawChange read(String keyText, byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        return read(keyText, root);
    }

    /** Reads a message already parsed as JSON. */
    public static RawChange read(String keyText, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int version = root.path(V).asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + root.path(V) + " is not " + VERSION);
        }
        Kind kind = Kind.of(root.path(KIND).asText(Kind.CHANGE.wireName()));
        String keyspace = required(root, KEYSPACE);
        String table = required(root, TABLE);
        String snapshotId = root.path(SNAPSHOT_ID).asText(null);
        if (kind == Kind.SNAPSHOT_START || kind == Kind.SNAPSHOT_END) {
            return new RawChange(kind, root.path(NODE).asText(""), 0, 0, keyspace, table, null, null, keyText, null,
                    null, List.of(), List.of(), snapshotId, null, root.path(ABORTED).asText(null));
        }
        JsonNode key = root.get(KEY);
        if (key == null || !key.isObject()) {
            throw new IllegalArgumentException("no \"" + KEY + "\" object");
        }
        List<RangeDeletion> ranges = new ArrayList<>();
        for (JsonNode range : root.path(RANGE_DELETIONS)) {
            ranges.add(new RangeDeletion(bound(range.path(START)), bound(range.path(END)), range.path(TS).asLong(),
                    range.path(DELETED_AT).asLong()));
        }
        List<RawRow> rows = new ArrayList<>();
        for (JsonNode row : root.path(ROWS)) {
            rows.add(row(row));
        }
        return new RawChange(kind, root.path(NODE).asText(""), root.path(SEGMENT).asLong(),
                root.path(POSITION).asLong(), keyspace, table, root.path(SCHEMA_VERSION).asText(null),
                root.path(DIGEST).asText(null), keyText, (ObjectNode) key, deletion(root.get(PARTITION_DELETION)),
                ranges, rows, snapshotId, root.path(TABLE_ID).asText(null), null);
    }

    private static RawRow row(JsonNode row) {
        boolean isStatic = row.path(STATIC).asBoolean(false);
        JsonNode clustering = row.get(CLUSTERING);
        JsonNode liveness = row.get(LIVENESS);
        List<RawCell> cells = new ArrayList<>();
        for (JsonNode cell : row.path(CELLS)) {
            cells.add(new RawCell(required(cell, COLUMN), cell.path(TS).asLong(), cell.get(PATH), cell.get(VALUE),
                    cell.path(TOMBSTONE).asBoolean(false), cell.path(TTL).asInt(0), cell.path(EXPIRES_AT).asLong(0),
                    cell.path(DELETED_AT).asLong(0)));
        }
        List<Cleared> cleared = new ArrayList<>();
        for (JsonNode clear : row.path(CLEARED)) {
            cleared.add(new Cleared(required(clear, COLUMN), clear.path(TS).asLong(), clear.path(DELETED_AT).asLong()));
        }
        return new RawRow(isStatic, isStatic || clustering == null ? null : (ObjectNode) clustering,
                liveness == null ? null : new Liveness(liveness.path(TS).asLong(), liveness.path(TTL).asInt(0),
                        liveness.path(EXPIRES_AT).asLong(0)),
                deletion(row.get(DELETION)), cells, cleared);
    }

    private static Bound bound(JsonNode bound) {
        JsonNode clustering = bound.path(CLUSTERING);
        return new Bound(clustering.isObject() ? (ObjectNode) clustering : JSON.createObjectNode(),
                bound.path(INCLUSIVE).asBoolean(true));
    }

    private static Deletion deletion(JsonNode deletion) {
        return deletion == null || deletion.isNull() ? null
                : new Deletion(deletion.path(TS).asLong(), deletion.path(DELETED_AT).asLong());
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no \"" + field + "\" text");
        }
        return value.asText();
    }
}
