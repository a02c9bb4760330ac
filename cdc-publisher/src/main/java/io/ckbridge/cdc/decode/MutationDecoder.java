package io.ckbridge.cdc.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.cassandra.db.Clustering;
import org.apache.cassandra.db.ClusteringBound;
import org.apache.cassandra.db.ClusteringPrefix;
import org.apache.cassandra.db.DeletionTime;
import org.apache.cassandra.db.LivenessInfo;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.RangeTombstone;
import org.apache.cassandra.db.context.CounterContext;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.CollectionType;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.SetType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.io.util.DataOutputBuffer;
import org.apache.cassandra.net.MessagingService;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.transport.ProtocolVersion;

/**
 * Turns the partition updates of CDC tables into raw change messages (format version 1, see
 * the README): partition key, every row with its clustering key, cells (value, write time, TTL
 * and expiry, tombstone flag, collection path), row, range and partition deletions, and a digest
 * of the update that is the same on every replica of one write.
 */
public final class MutationDecoder {
    public static final int FORMAT_VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private final String node;
    private final Map<TableMetadata, String> schemaVersions = new IdentityHashMap<>();

    public MutationDecoder(String node) {
        this.node = node;
    }

    /** The changes of a mutation's CDC tables; other tables' updates are left out. */
    public List<RawChangeRecord> decode(Mutation mutation, long segmentId, int position) {
        List<RawChangeRecord> changes = new ArrayList<>();
        for (PartitionUpdate update : mutation.getPartitionUpdates()) {
            if (update.metadata().params.cdc) {
                changes.add(decode(update, segmentId, position));
            }
        }
        return changes;
    }

    RawChangeRecord decode(PartitionUpdate update, long segmentId, int position) {
        TableMetadata table = update.metadata();
        byte[] key = partitionKey(update);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        long[] newest = {Long.MIN_VALUE};
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeNumberField("v", FORMAT_VERSION);
            json.writeStringField("node", node);
            json.writeNumberField("segment", segmentId);
            json.writeNumberField("position", position);
            json.writeStringField("keyspace", table.keyspace);
            json.writeStringField("table", table.name);
            json.writeStringField("tableId", table.id.asUUID().toString());
            json.writeStringField("schemaVersion", schemaVersion(table));
            json.writeStringField("digest", digest(update));
            json.writeFieldName("key");
            json.writeRawValue(new String(key, java.nio.charset.StandardCharsets.UTF_8));
            DeletionTime partitionDeletion = update.partitionLevelDeletion();
            if (!partitionDeletion.isLive()) {
                json.writeFieldName("partitionDeletion");
                deletion(json, partitionDeletion);
                newest[0] = Math.max(newest[0], partitionDeletion.markedForDeleteAt());
            }
            if (update.deletionInfo().hasRanges()) {
                json.writeArrayFieldStart("rangeDeletions");
                Iterator<RangeTombstone> ranges = update.deletionInfo().rangeIterator(false);
                while (ranges.hasNext()) {
                    RangeTombstone range = ranges.next();
                    json.writeStartObject();
                    bound(json, "start", table, range.deletedSlice().start());
                    bound(json, "end", table, range.deletedSlice().end());
                    json.writeNumberField("ts", range.deletionTime().markedForDeleteAt());
                    json.writeNumberField("deletedAt", range.deletionTime().localDeletionTime());
                    json.writeEndObject();
                    newest[0] = Math.max(newest[0], range.deletionTime().markedForDeleteAt());
                }
                json.writeEndArray();
            }
            json.writeArrayFieldStart("rows");
            Row staticRow = update.staticRow();
            if (staticRow != null && !staticRow.isEmpty()) {
                row(json, table, staticRow, newest);
            }
            for (Row row : update) {
                row(json, table, row, newest);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RawChangeRecord(table.keyspace, table.name, key, bytes.toByteArray(), newest[0]);
    }

    private static void row(JsonGenerator json, TableMetadata table, Row row, long[] newest) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("static", row.isStatic());
        if (!row.isStatic()) {
            json.writeFieldName("clustering");
            clustering(json, table, row.clustering(), row.clustering().size());
        }
        LivenessInfo liveness = row.primaryKeyLivenessInfo();
        if (!liveness.isEmpty()) {
            json.writeObjectFieldStart("liveness");
            json.writeNumberField("ts", liveness.timestamp());
            if (liveness.isExpiring()) {
                json.writeNumberField("ttl", liveness.ttl());
                json.writeNumberField("expiresAt", liveness.localExpirationTime());
            }
            json.writeEndObject();
            newest[0] = Math.max(newest[0], liveness.timestamp());
        }
        if (!row.deletion().isLive()) {
            json.writeFieldName("deletion");
            deletion(json, row.deletion().time());
            newest[0] = Math.max(newest[0], row.deletion().time().markedForDeleteAt());
        }
        List<ComplexColumnData> cleared = new ArrayList<>();
        json.writeArrayFieldStart("cells");
        for (ColumnData data : row) {
            ColumnMetadata column = data.column();
            if (data instanceof ComplexColumnData complex) {
                if (!complex.complexDeletion().isLive()) {
                    cleared.add(complex);
                }
                for (Cell<?> cell : complex) {
                    cell(json, column, cell, newest);
                }
            } else {
                cell(json, column, (Cell<?>) data, newest);
            }
        }
        json.writeEndArray();
        if (!cleared.isEmpty()) {
            // a collection or UDT replaced or cleared: its earlier elements are gone
            json.writeArrayFieldStart("cleared");
            for (ComplexColumnData complex : cleared) {
                json.writeStartObject();
                json.writeStringField("column", complex.column().name.toString());
                json.writeNumberField("ts", complex.complexDeletion().markedForDeleteAt());
                json.writeNumberField("deletedAt", complex.complexDeletion().localDeletionTime());
                json.writeEndObject();
                newest[0] = Math.max(newest[0], complex.complexDeletion().markedForDeleteAt());
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void cell(JsonGenerator json, ColumnMetadata column, Cell<?> cell, long[] newest) throws IOException {
        json.writeStartObject();
        json.writeStringField("column", column.name.toString());
        json.writeNumberField("ts", cell.timestamp());
        newest[0] = Math.max(newest[0], cell.timestamp());
        AbstractType<?> type = column.type;
        if (cell.path() != null) {
            json.writeFieldName("path");
            json.writeRawValue(pathJson(type, cell.path().get(0)));
        }
        if (cell.isTombstone()) {
            json.writeBooleanField("tombstone", true);
            json.writeNumberField("deletedAt", cell.localDeletionTime());
        } else {
            json.writeFieldName("value");
            if (cell.isCounterCell()) {
                json.writeNumber(CounterContext.instance().total(cell));
            } else {
                json.writeRawValue(valueJson(type, cell.buffer(), cell.path() == null ? null : cell.path().get(0)));
            }
            if (cell.isExpiring()) {
                json.writeNumberField("ttl", cell.ttl());
                json.writeNumberField("expiresAt", cell.localDeletionTime());
            }
        }
        json.writeEndObject();
    }

    /** The value of a cell: the whole column's value, or for a collection or UDT cell (with a path) its element's. */
    private static String valueJson(AbstractType<?> type, ByteBuffer value, ByteBuffer path) {
        AbstractType<?> valueType = type;
        if (path != null) {
            if (type instanceof ListType<?> list) {
                valueType = list.getElementsType();
            } else if (type instanceof SetType<?>) {
                return "null"; // a set element is its path; the cell holds no value
            } else if (type instanceof MapType<?, ?> map) {
                valueType = map.getValuesType();
            } else if (type instanceof UserType udt) {
                valueType = udt.fieldType(path.getShort(path.position()));
            }
        }
        return valueType.toJSONString(value, ProtocolVersion.CURRENT);
    }

    /** The path of a collection or UDT cell: a map key, set element, list element id (timeuuid) or UDT field number. */
    private static String pathJson(AbstractType<?> type, ByteBuffer path) {
        if (type instanceof MapType<?, ?> map) {
            return map.getKeysType().toJSONString(path, ProtocolVersion.CURRENT);
        }
        if (type instanceof SetType<?> set) {
            return set.getElementsType().toJSONString(path, ProtocolVersion.CURRENT);
        }
        if (type instanceof ListType<?>) {
            return "\"" + org.apache.cassandra.utils.TimeUUID.deserialize(path) + "\"";
        }
        if (type instanceof UserType udt) {
            short field = path.getShort(path.position());
            return "\"" + udt.fieldNameAsString(field) + "\"";
        }
        return "\"" + HexFormat.of().formatHex(bytes(path)) + "\"";
    }

    private static void clustering(JsonGenerator json, TableMetadata table, ClusteringPrefix<?> prefix, int size) throws IOException {
        json.writeStartObject();
        List<ColumnMetadata> columns = table.clusteringColumns();
        for (int i = 0; i < size; i++) {
            ColumnMetadata column = columns.get(i);
            json.writeFieldName(column.name.toString());
            json.writeRawValue(column.type.toJSONString(prefix.bufferAt(i), ProtocolVersion.CURRENT));
        }
        json.writeEndObject();
    }

    private static void bound(JsonGenerator json, String name, TableMetadata table, ClusteringBound<?> bound) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeFieldName("clustering");
        clustering(json, table, bound, bound.size());
        json.writeBooleanField("inclusive", bound.isInclusive());
        json.writeEndObject();
    }

    private static void deletion(JsonGenerator json, DeletionTime deletion) throws IOException {
        json.writeStartObject();
        json.writeNumberField("ts", deletion.markedForDeleteAt());
        json.writeNumberField("deletedAt", deletion.localDeletionTime());
        json.writeEndObject();
    }

    /** The partition key as a JSON object of its columns, in key order: the Kafka record key. */
    static byte[] partitionKey(PartitionUpdate update) {
        TableMetadata table = update.metadata();
        ByteBuffer raw = update.partitionKey().getKey();
        List<ColumnMetadata> columns = table.partitionKeyColumns();
        ByteBuffer[] components = columns.size() == 1 ? new ByteBuffer[] {raw}
                : ((CompositeType) table.partitionKeyType).split(raw);
        StringBuilder key = new StringBuilder("{");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                key.append(',');
            }
            // a quoted identifier may hold any character: escape it as JSON does, not just its quotes
            key.append('"').append(JsonStringEncoder.getInstance().quoteAsString(columns.get(i).name.toString()))
                    .append("\":")
                    .append(columns.get(i).type.toJSONString(components[i], ProtocolVersion.CURRENT));
        }
        return key.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A hash of the update as serialized for the wire: every replica of one write holds the same bytes. */
    static String digest(PartitionUpdate update) {
        try (DataOutputBuffer out = new DataOutputBuffer()) {
            PartitionUpdate.serializer.serialize(update, out, MessagingService.current_version);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(out.getData(), 0, out.getLength());
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short hash of the table's columns and types: changes when the table is altered. */
    private String schemaVersion(TableMetadata table) {
        return schemaVersions.computeIfAbsent(table, t -> {
            StringBuilder text = new StringBuilder(t.id.toString());
            t.columns().forEach(column -> text.append('|').append(column.name).append(':').append(column.type.asCQL3Type()));
            try {
                byte[] hash = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
