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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.raw.RawChangeParser;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a table for a snapshot and writes each row as a raw message of kind {@code snapshot}, in
 * the publishers' format: values are Cassandra's own JSON ({@code toJson}), so keys and cell
 * paths compare equal to those the publishers write for later changes of the same rows.
 */
public final class SnapshotRows {
    private static final Set<DataType> QUOTED_KEY_TYPES = Set.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.TIMESTAMP, DataTypes.DATE,
            DataTypes.TIME, DataTypes.UUID, DataTypes.TIMEUUID, DataTypes.INET, DataTypes.BLOB, DataTypes.DURATION);

    private final TableInfo table;
    private final String snapshotId;
    private final List<ColumnInfo> values;

    public SnapshotRows(TableInfo table, String snapshotId) {
        this.table = table;
        this.snapshotId = snapshotId;
        this.values = table.columns().stream()
                .filter(c -> c.kind() == ColumnInfo.Kind.STATIC || c.kind() == ColumnInfo.Kind.REGULAR).toList();
        for (ColumnInfo column : values) {
            if (column.type() == DataTypes.COUNTER) {
                throw new IllegalArgumentException("Table " + table.qualifiedName() + " has counter column " + column.name()
                        + ": counter tables cannot be snapshotted (a counter's value is not a write); stream them from CDC only.");
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
        return "SELECT " + String.join(", ", selectors) + " FROM " + quote(table.keyspace()) + "." + quote(table.name());
    }

    /** The Kafka key of a row: its partition key as the publishers write it. */
    public String key(Row row) {
        StringBuilder key = new StringBuilder("{");
        List<ColumnInfo> columns = table.partitionKey();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append('"').append(columns.get(i).name().replace("\"", "\\\"")).append("\":").append(row.getString(i));
        }
        return key.append('}').toString();
    }

    /**
     * The raw message of a row; with {@code withStatic} it also carries the partition's static
     * row (once per partition), and with no clustering value it is the static row alone.
     */
    public ObjectNode message(Row row, boolean withStatic, long nowMicros, String schemaVersion) {
        ObjectNode message = RawChangeParser.JSON.createObjectNode();
        message.put("v", 1);
        message.put("kind", "snapshot");
        message.put("node", "snapshot");
        message.put("keyspace", table.keyspace());
        message.put("table", table.name());
        message.put("snapshotId", snapshotId);
        if (schemaVersion != null) {
            message.put("schemaVersion", schemaVersion);
        }
        ObjectNode key = message.putObject("key");
        int index = 0;
        for (ColumnInfo column : table.partitionKey()) {
            key.set(column.name(), json(row.getString(index++)));
        }
        ObjectNode clustering = RawChangeParser.JSON.createObjectNode();
        boolean hasClustering = !table.clustering().isEmpty();
        boolean clusteringNull = false;
        for (ColumnInfo column : table.clustering()) {
            String text = row.getString(index++);
            clusteringNull |= text == null || text.equals("null");
            clustering.set(column.name(), json(text));
        }
        ObjectNode regular = RawChangeParser.JSON.createObjectNode();
        ObjectNode statics = RawChangeParser.JSON.createObjectNode();
        long newest = Long.MIN_VALUE;
        ArrayNode regularCells = regular.putArray("cells");
        ArrayNode staticCells = statics.putArray("cells");
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
            ArrayNode cells = column.kind() == ColumnInfo.Kind.STATIC ? staticCells : regularCells;
            if (column.kind() == ColumnInfo.Kind.REGULAR) {
                newest = Math.max(newest, ts);
            }
            addCells(cells, column, json(text), ts, ttl, nowMicros / 1_000_000);
        }
        ArrayNode rows = message.putArray("rows");
        if (!hasClustering || !clusteringNull) {
            if (hasClustering) {
                regular.set("clustering", clustering);
            } else {
                regular.putObject("clustering");
            }
            // The row marker's own time is not readable; the newest value's stands in (now for a key-only row).
            regular.putObject("liveness").put("ts", newest == Long.MIN_VALUE ? nowMicros : newest);
            rows.add(regular);
        }
        if (withStatic && !staticCells.isEmpty()) {
            statics.put("static", true);
            rows.add(statics);
        }
        return message;
    }

    private static void addCells(ArrayNode cells, ColumnInfo column, JsonNode value, long ts, int ttl, long nowSec) {
        if (!column.multiCell()) {
            ObjectNode cell = cells.addObject();
            cell.put("column", column.name());
            cell.put("ts", ts);
            cell.set("value", value);
            if (ttl > 0) {
                cell.put("ttl", ttl);
                cell.put("expiresAt", nowSec + ttl);
            }
            return;
        }
        DataType type = column.type();
        if (type instanceof ListType) {
            // Element ids are timeuuids; increasing ones keep the order, older than any later append.
            int i = 0;
            for (JsonNode element : value) {
                element(cells, column, ts, RawChangeParser.JSON.getNodeFactory().textNode(Uuids.startOf(1L + i++).toString()), element);
            }
        } else if (type instanceof SetType) {
            for (JsonNode element : value) {
                element(cells, column, ts, element, null);
            }
        } else if (type instanceof MapType map) {
            boolean quoted = QUOTED_KEY_TYPES.contains(map.getKeyType());
            for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                JsonNode path = quoted ? RawChangeParser.JSON.getNodeFactory().textNode(entry.getKey()) : json(entry.getKey());
                element(cells, column, ts, path, entry.getValue());
            }
        } else if (type instanceof UserDefinedType) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    element(cells, column, ts, RawChangeParser.JSON.getNodeFactory().textNode(field.getKey()), field.getValue());
                }
            }
        }
    }

    private static void element(ArrayNode cells, ColumnInfo column, long ts, JsonNode path, JsonNode value) {
        ObjectNode cell = cells.addObject();
        cell.put("column", column.name());
        cell.put("ts", ts);
        cell.set("path", path);
        cell.set("value", value == null ? RawChangeParser.JSON.getNodeFactory().nullNode() : value);
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? RawChangeParser.JSON.getNodeFactory().nullNode() : RawChangeParser.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cassandra returned JSON that cannot be read: " + text, e);
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
