package io.ckbridge.materializer.raw;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.raw.RawChange.Bound;
import io.ckbridge.materializer.raw.RawChange.Cleared;
import io.ckbridge.materializer.raw.RawChange.Deletion;
import io.ckbridge.materializer.raw.RawChange.Kind;
import io.ckbridge.materializer.raw.RawChange.Liveness;
import io.ckbridge.materializer.raw.RawChange.RangeDeletion;
import io.ckbridge.materializer.raw.RawChange.RawCell;
import io.ckbridge.materializer.raw.RawChange.RawRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads raw change messages (format v1, documented in the README) into {@link RawChange}s. */
public final class RawChangeParser {
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int FORMAT_VERSION = 1;

    private RawChangeParser() {
    }

    /** Parses a message; an {@link IllegalArgumentException} says what is wrong with it. */
    public static RawChange parse(String keyText, byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        return parse(keyText, root);
    }

    /** Parses a message already read as JSON. */
    public static RawChange parse(String keyText, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        int version = root.path("v").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + root.path("v") + " is not " + FORMAT_VERSION);
        }
        Kind kind = kind(root.path("kind").asText("change"));
        String keyspace = required(root, "keyspace");
        String table = required(root, "table");
        String snapshotId = root.path("snapshotId").asText(null);
        if (kind == Kind.SNAPSHOT_START || kind == Kind.SNAPSHOT_END) {
            return new RawChange(kind, root.path("node").asText(""), 0, 0, keyspace, table, null, null, keyText, null, null,
                    List.of(), List.of(), snapshotId, null);
        }
        JsonNode key = root.get("key");
        if (key == null || !key.isObject()) {
            throw new IllegalArgumentException("no \"key\" object");
        }
        List<RangeDeletion> ranges = new ArrayList<>();
        for (JsonNode range : root.path("rangeDeletions")) {
            ranges.add(new RangeDeletion(bound(range.path("start")), bound(range.path("end")), range.path("ts").asLong(),
                    range.path("deletedAt").asLong()));
        }
        List<RawRow> rows = new ArrayList<>();
        for (JsonNode row : root.path("rows")) {
            rows.add(row(row));
        }
        return new RawChange(kind, root.path("node").asText(""), root.path("segment").asLong(), root.path("position").asLong(),
                keyspace, table, root.path("schemaVersion").asText(null), root.path("digest").asText(null), keyText,
                (ObjectNode) key, deletion(root.get("partitionDeletion")), ranges, rows, snapshotId, root.path("tableId").asText(null));
    }

    private static Kind kind(String text) {
        return switch (text) {
            case "change" -> Kind.CHANGE;
            case "snapshot" -> Kind.SNAPSHOT_ROW;
            case "snapshot-start" -> Kind.SNAPSHOT_START;
            case "snapshot-end" -> Kind.SNAPSHOT_END;
            default -> throw new IllegalArgumentException("unknown kind \"" + text + "\"");
        };
    }

    private static RawRow row(JsonNode row) {
        boolean isStatic = row.path("static").asBoolean(false);
        JsonNode clustering = row.get("clustering");
        JsonNode liveness = row.get("liveness");
        List<RawCell> cells = new ArrayList<>();
        for (JsonNode cell : row.path("cells")) {
            cells.add(new RawCell(required(cell, "column"), cell.path("ts").asLong(), cell.get("path"), cell.get("value"),
                    cell.path("tombstone").asBoolean(false), cell.path("ttl").asInt(0), cell.path("expiresAt").asLong(0)));
        }
        List<Cleared> cleared = new ArrayList<>();
        for (JsonNode clear : row.path("cleared")) {
            cleared.add(new Cleared(required(clear, "column"), clear.path("ts").asLong()));
        }
        return new RawRow(isStatic, isStatic || clustering == null ? null : (ObjectNode) clustering,
                liveness == null ? null : new Liveness(liveness.path("ts").asLong(), liveness.path("ttl").asInt(0),
                        liveness.path("expiresAt").asLong(0)),
                deletion(row.get("deletion")), cells, cleared);
    }

    private static Bound bound(JsonNode bound) {
        JsonNode clustering = bound.path("clustering");
        return new Bound(clustering.isObject() ? (ObjectNode) clustering : JSON.createObjectNode(), bound.path("inclusive").asBoolean(true));
    }

    private static Deletion deletion(JsonNode deletion) {
        return deletion == null || deletion.isNull() ? null : new Deletion(deletion.path("ts").asLong(), deletion.path("deletedAt").asLong());
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no \"" + field + "\" text");
        }
        return value.asText();
    }
}
