package io.ckbridge.materializer.snapshot;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.JsonColumns;
import io.ckbridge.rawchange.RawChangeFormat;
import io.ckbridge.rawchange.RawChangeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a table for a snapshot and writes each row as a raw message of kind {@code snapshot} with
 * the publishers' {@link RawChangeWriter}: values are Cassandra's own JSON ({@code toJson}), so keys
 * and cell paths compare equal to those the publishers write for later changes of the same rows.
 */
public final class SnapshotRows {
    private static final Set<DataType> QUOTED_KEY_TYPES = Set.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.TIMESTAMP,
            DataTypes.DATE,
            DataTypes.TIME, DataTypes.UUID, DataTypes.TIMEUUID, DataTypes.INET, DataTypes.BLOB, DataTypes.DURATION);

    private final TableInfo table;
    private final String snapshotId;
    private final List<ColumnInfo> values;
    private final List<String> keyNames;

    public SnapshotRows(TableInfo table, String snapshotId) {
        this.table = table;
        this.snapshotId = snapshotId;
        this.keyNames = table.partitionKey().stream().map(ColumnInfo::name).toList();
        this.values = table.columns().stream()
                .filter(c -> c.kind() == ColumnInfo.Kind.STATIC || c.kind() == ColumnInfo.Kind.REGULAR).toList();
        for (ColumnInfo column : values) {
            if (column.type() == DataTypes.COUNTER) {
                throw new IllegalArgumentException("Table " + table.qualifiedName() + " has counter column "
                        + column.name()
                        + ": counter tables cannot be snapshotted (a counter's value is not a write); stream them from "
                                + "CDC only.");
            }
        }
    }

    /** The SELECT that reads every row with the JSON, write time and TTL of each value. */
    public String query() {
        List<String> selectors = new ArrayList<>();
        for (ColumnInfo column : table.partitionKey()) {
            selectors.add("toJson(" + quote(column.name()) + ")");
        }
        for (ColumnInfo column : table.clustering()) {
            selectors.add("toJson(" + quote(column.name()) + ")");
        }
        for (ColumnInfo column : values) {
            String name = quote(column.name());
            selectors.add("toJson(" + name + ")");
            if (column.multiCell()) {
                selectors.add("maxwritetime(" + name + ")");
            } else {
                selectors.add("writetime(" + name + ")");
                selectors.add("ttl(" + name + ")");
            }
        }
        return "SELECT " + String.join(", ", selectors) + " FROM " + quote(table.keyspace()) + "."
                + quote(table.name());
    }

    /** The Kafka key of a row: its partition key as the publishers write it. */
    public String key(Row row) {
        List<String> keyValues = new ArrayList<>(keyNames.size());
        for (int i = 0; i < keyNames.size(); i++) {
            keyValues.add(row.getString(i));
        }
        return JsonColumns.of(keyNames, keyValues).toJsonObject();
    }

    /**
     * The raw message of a row; with {@code withStatic} it also carries the partition's static
     * row (once per partition), and with no clustering value it is the static row alone.
     */
    public byte[] message(Row row, boolean withStatic, long nowMicros, String schemaVersion) {
        RawChangeWriter message = RawChangeWriter.snapshotRow(table.keyspace(), table.name(), snapshotId, schemaVersion)
                .key(key(row));
        int index = table.partitionKey().size();
        List<String> clusteringNames = new ArrayList<>();
        List<String> clusteringValues = new ArrayList<>();
        boolean clusteringNull = false;
        for (ColumnInfo column : table.clustering()) {
            String text = row.getString(index++);
            clusteringNull |= text == null || text.equals("null");
            clusteringNames.add(column.name());
            clusteringValues.add(text == null ? "null" : text);
        }
        List<SnapshotCell> regularCells = new ArrayList<>();
        List<SnapshotCell> staticCells = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (ColumnInfo column : values) {
            String text = row.getString(index++);
            long ts = row.isNull(index) ? Long.MIN_VALUE : row.getLong(index);
            index++;
            int ttl = 0;
            if (!column.multiCell()) {
                ttl = row.isNull(index) ? 0 : row.getInt(index);
                index++;
            }
            if (text == null || text.equals("null") || ts == Long.MIN_VALUE) {
                continue;
            }
            List<SnapshotCell> cells = column.kind() == ColumnInfo.Kind.STATIC ? staticCells : regularCells;
            if (column.kind() == ColumnInfo.Kind.REGULAR) {
                newest = Math.max(newest, ts);
            }
            addCells(cells, column, text, ts, ttl, nowMicros / 1_000_000);
        }
        if (table.clustering().isEmpty() || !clusteringNull) {
            message.row(false, JsonColumns.of(clusteringNames, clusteringValues));
            // The row marker's own time is not readable; the newest value's stands in (now for a key-only row).
            message.liveness(newest == Long.MIN_VALUE ? nowMicros : newest, 0, 0);
            regularCells.forEach(cell -> cell.writeTo(message));
        }
        if (withStatic && !staticCells.isEmpty()) {
            message.row(true, null);
            staticCells.forEach(cell -> cell.writeTo(message));
        }
        return message.finish();
    }

    /** A cell of the row read, kept until its row is written. */
    private record SnapshotCell(String column, long ts, String pathJson, String valueJson, int ttl, long expiresAt) {
        void writeTo(RawChangeWriter message) {
            message.cell(column, ts, pathJson, valueJson, ttl, expiresAt);
        }
    }

    private static void addCells(List<SnapshotCell> cells, ColumnInfo column, String text, long ts, int ttl,
                                 long nowSec) {
        if (!column.multiCell()) {
            cells.add(new SnapshotCell(column.name(), ts, null, text, ttl, ttl > 0 ? nowSec + ttl : 0));
            return;
        }
        JsonNode value = json(text);
        DataType type = column.type();
        if (type instanceof ListType) {
            // Element ids are timeuuids; increasing ones keep the order, older than any later append.
            int i = 0;
            for (JsonNode element : value) {
                cells.add(element(column, ts, TextNode.valueOf(Uuids.startOf(1L + i++).toString()), element));
            }
        } else if (type instanceof SetType) {
            for (JsonNode element : value) {
                cells.add(element(column, ts, element, NullNode.instance));
            }
        } else if (type instanceof MapType map) {
            boolean quoted = QUOTED_KEY_TYPES.contains(map.getKeyType());
            for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                JsonNode path = quoted ? TextNode.valueOf(entry.getKey()) : json(entry.getKey());
                cells.add(element(column, ts, path, entry.getValue()));
            }
        } else if (type instanceof UserDefinedType) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    cells.add(element(column, ts, TextNode.valueOf(field.getKey()), field.getValue()));
                }
            }
        }
    }

    private static SnapshotCell element(ColumnInfo column, long ts, JsonNode path, JsonNode value) {
        return new SnapshotCell(column.name(), ts, text(path), text(value), 0, 0);
    }

    private static String text(JsonNode node) {
        try {
            return RawChangeFormat.JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? NullNode.instance : RawChangeFormat.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cassandra returned JSON that cannot be read: " + text, e);
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
