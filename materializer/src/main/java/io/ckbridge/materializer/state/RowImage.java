package io.ckbridge.materializer.state;

import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.schema.ValueOrder;
import io.ckbridge.rawchange.RawChangeFormat;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The full image of a row as Cassandra would return it at a moment: every column of the table
 * (null when unset), collections in Cassandra's order, expired and deleted cells left out.
 */
public final class RowImage {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowImage() {
    }

    /**
     * The image of a regular row, or null when the row does not exist (no live marker or cell).
     *
     * @param floor the newest partition or range deletion covering the row
     * @param staticRow the partition's static row, or null
     * @param staticFloor the partition deletion (what hides static cells)
     */
    public static ObjectNode row(TableInfo table, ObjectNode key, ObjectNode clustering, RowState row, long floor,
                                 RowState staticRow, long staticFloor, long nowSec) {
        if (row == null) {
            return null;
        }
        long rowFloor = Math.max(floor, row.deletionTs);
        boolean live = row.markerLive(rowFloor, nowSec);
        ObjectNode image = NODES.objectNode();
        for (ColumnInfo column : table.columns()) {
            JsonNode value = switch (column.kind()) {
                case PARTITION_KEY -> key.get(column.name());
                case CLUSTERING -> clustering.get(column.name());
                case STATIC -> staticRow == null ? null : value(column, staticRow,
                        Math.max(staticFloor, staticRow.deletionTs), nowSec);
                case REGULAR -> {
                    JsonNode regular = value(column, row, rowFloor, nowSec);
                    live |= regular != null;
                    yield regular;
                }
            };
            image.set(column.name(), value == null ? NullNode.instance : value);
        }
        return live ? image : null;
    }

    /** The image of a partition's static row (partition key and static columns), or null when no static cell lives. */
    public static ObjectNode staticRow(TableInfo table, ObjectNode key, RowState staticRow, long staticFloor,
            long nowSec) {
        if (staticRow == null) {
            return null;
        }
        long floor = Math.max(staticFloor, staticRow.deletionTs);
        boolean live = false;
        ObjectNode image = NODES.objectNode();
        for (ColumnInfo column : table.columns()) {
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY) {
                image.set(column.name(), key.get(column.name()));
            } else if (column.kind() == ColumnInfo.Kind.STATIC) {
                JsonNode value = value(column, staticRow, floor, nowSec);
                live |= value != null;
                image.set(column.name(), value == null ? NullNode.instance : value);
            }
        }
        return live ? image : null;
    }

    private static JsonNode value(ColumnInfo column, RowState row, long floor, long nowSec) {
        if (!column.multiCell()) {
            CellState cell = row.cells.get(column.name());
            return cell != null && cell.live(floor, nowSec) ? cell.value : null;
        }
        CollectionState complex = row.collections.get(column.name());
        if (complex == null) {
            return null;
        }
        long complexFloor = Math.max(floor, complex.clearedTs);
        List<Map.Entry<JsonNode, CellState>> elements = new ArrayList<>();
        for (Map.Entry<String, CellState> element : complex.elements.entrySet()) {
            if (element.getValue().live(complexFloor, nowSec)) {
                elements.add(Map.entry(parse(element.getKey()), element.getValue()));
            }
        }
        if (elements.isEmpty()) {
            return null;
        }
        DataType type = column.type();
        if (type instanceof ListType) {
            elements.sort(Comparator.comparing((Map.Entry<JsonNode, CellState> e) ->
                    UUID.fromString(e.getKey().asText()), RowImage::compareTimeUuid));
            ArrayNode list = NODES.arrayNode();
            elements.forEach(e -> list.add(e.getValue().value == null ? NullNode.instance : e.getValue().value));
            return list;
        }
        if (type instanceof SetType set) {
            elements.sort((a, b) -> ValueOrder.compare(set.getElementType(), a.getKey(), b.getKey()));
            ArrayNode values = NODES.arrayNode();
            elements.forEach(e -> values.add(e.getKey()));
            return values;
        }
        if (type instanceof MapType map) {
            elements.sort((a, b) -> ValueOrder.compare(map.getKeyType(), a.getKey(), b.getKey()));
            ObjectNode values = NODES.objectNode();
            elements.forEach(e -> values.set(e.getKey().isTextual() ? e.getKey().asText() : e.getKey().toString(),
                    e.getValue().value == null ? NullNode.instance : e.getValue().value));
            return values;
        }
        if (type instanceof UserDefinedType udt) {
            ObjectNode fields = NODES.objectNode();
            udt.getFieldNames().forEach(name -> fields.set(name.asInternal(), NullNode.instance));
            elements.forEach(e -> fields.set(e.getKey().asText(), e.getValue().value == null
                    ? NullNode.instance : e.getValue().value));
            return fields;
        }
        return null;
    }

    private static int compareTimeUuid(UUID a, UUID b) {
        int byTime = Long.compare(a.timestamp(), b.timestamp());
        return byTime != 0 ? byTime : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static JsonNode parse(String json) {
        try {
            return RawChangeFormat.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
