package io.ckbridge.cdc.decode;

import io.ckbridge.rawchange.JsonColumns;
import io.ckbridge.rawchange.RawChangeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.cassandra.db.ClusteringBound;
import org.apache.cassandra.db.ClusteringPrefix;
import org.apache.cassandra.db.DeletionTime;
import org.apache.cassandra.db.LivenessInfo;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.RangeTombstone;
import org.apache.cassandra.db.context.CounterContext;
import org.apache.cassandra.db.marshal.AbstractType;
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
 * Turns the partition updates of CDC tables into raw change messages, written by the format's
 * {@link RawChangeWriter}: partition key, every row with its clustering key, cells (value, write
 * time, TTL and expiry, tombstone flag, collection path), row, range and partition deletions, and
 * a digest of the update that is the same on every replica of one write.
 */
public final class MutationDecoder {
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
        String key = partitionKey(update);
        long newest = Long.MIN_VALUE;
        RawChangeWriter change = RawChangeWriter.change(node, segmentId, position, table.keyspace, table.name,
                table.id.asUUID().toString(), schemaVersion(table), digest(update)).key(key);
        DeletionTime partitionDeletion = update.partitionLevelDeletion();
        if (!partitionDeletion.isLive()) {
            change.partitionDeletion(partitionDeletion.markedForDeleteAt(), partitionDeletion.localDeletionTime());
            newest = Math.max(newest, partitionDeletion.markedForDeleteAt());
        }
        if (update.deletionInfo().hasRanges()) {
            Iterator<RangeTombstone> ranges = update.deletionInfo().rangeIterator(false);
            while (ranges.hasNext()) {
                RangeTombstone range = ranges.next();
                ClusteringBound<?> start = range.deletedSlice().start();
                ClusteringBound<?> end = range.deletedSlice().end();
                change.rangeDeletion(new ClusteringColumns(table, start), start.isInclusive(),
                        new ClusteringColumns(table, end), end.isInclusive(),
                        range.deletionTime().markedForDeleteAt(), range.deletionTime().localDeletionTime());
                newest = Math.max(newest, range.deletionTime().markedForDeleteAt());
            }
        }
        Row staticRow = update.staticRow();
        if (staticRow != null && !staticRow.isEmpty()) {
            newest = Math.max(newest, row(change, table, staticRow));
        }
        for (Row row : update) {
            newest = Math.max(newest, row(change, table, row));
        }
        return new RawChangeRecord(table.keyspace, table.name, key.getBytes(StandardCharsets.UTF_8), change.finish(),
                newest);
    }

    /** Writes a row; returns its newest timestamp. */
    private static long row(RawChangeWriter change, TableMetadata table, Row row) {
        long newest = Long.MIN_VALUE;
        change.row(row.isStatic(), row.isStatic() ? null : new ClusteringColumns(table, row.clustering()));
        LivenessInfo liveness = row.primaryKeyLivenessInfo();
        if (!liveness.isEmpty()) {
            change.liveness(liveness.timestamp(), liveness.isExpiring() ? liveness.ttl() : 0,
                    liveness.localExpirationTime());
            newest = Math.max(newest, liveness.timestamp());
        }
        if (!row.deletion().isLive()) {
            DeletionTime deletion = row.deletion().time();
            change.rowDeletion(deletion.markedForDeleteAt(), deletion.localDeletionTime());
            newest = Math.max(newest, deletion.markedForDeleteAt());
        }
        List<ComplexColumnData> cleared = new ArrayList<>();
        for (ColumnData data : row) {
            ColumnMetadata column = data.column();
            if (data instanceof ComplexColumnData complex) {
                if (!complex.complexDeletion().isLive()) {
                    cleared.add(complex);
                }
                for (Cell<?> cell : complex) {
                    newest = Math.max(newest, cell(change, column, cell));
                }
            } else {
                newest = Math.max(newest, cell(change, column, (Cell<?>) data));
            }
        }
        // a collection or UDT replaced or cleared: its earlier elements are gone
        for (ComplexColumnData complex : cleared) {
            DeletionTime deletion = complex.complexDeletion();
            change.cleared(complex.column().name.toString(), deletion.markedForDeleteAt(),
                    deletion.localDeletionTime());
            newest = Math.max(newest, deletion.markedForDeleteAt());
        }
        return newest;
    }

    /** Writes a cell; returns its timestamp. */
    private static long cell(RawChangeWriter change, ColumnMetadata column, Cell<?> cell) {
        String name = column.name.toString();
        AbstractType<?> type = column.type;
        ByteBuffer path = cell.path() == null ? null : cell.path().get(0);
        String pathJson = path == null ? null : pathJson(type, path);
        if (cell.isTombstone()) {
            change.tombstone(name, cell.timestamp(), pathJson, cell.localDeletionTime());
        } else {
            String value = cell.isCounterCell() ? Long.toString(CounterContext.instance().total(cell))
                    : valueJson(type, cell.buffer(), path);
            change.cell(name, cell.timestamp(), pathJson, value, cell.isExpiring() ? cell.ttl() : 0,
                    cell.localDeletionTime());
        }
        return cell.timestamp();
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

    /** The partition key as a JSON object of its columns, in key order: the Kafka record key. */
    static String partitionKey(PartitionUpdate update) {
        TableMetadata table = update.metadata();
        ByteBuffer raw = update.partitionKey().getKey();
        List<ColumnMetadata> columns = table.partitionKeyColumns();
        ByteBuffer[] components = columns.size() == 1 ? new ByteBuffer[] {raw}
                : ((CompositeType) table.partitionKeyType).split(raw);
        return new JsonColumns() {
            @Override
            public int size() {
                return columns.size();
            }

            @Override
            public String name(int index) {
                return columns.get(index).name.toString();
            }

            @Override
            public String json(int index) {
                return columns.get(index).type.toJSONString(components[index], ProtocolVersion.CURRENT);
            }
        }.toJsonObject();
    }

    /** A clustering prefix (a row's, or a range deletion's bound) as JSON columns. */
    private record ClusteringColumns(TableMetadata table, ClusteringPrefix<?> prefix) implements JsonColumns {
        @Override
        public int size() {
            return prefix.size();
        }

        @Override
        public String name(int index) {
            return table.clusteringColumns().get(index).name.toString();
        }

        @Override
        public String json(int index) {
            return table.clusteringColumns().get(index).type.toJSONString(prefix.bufferAt(index),
                    ProtocolVersion.CURRENT);
        }
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
            t.columns().forEach(column -> text.append('|').append(column.name).append(':')
                    .append(column.type.asCQL3Type()));
            try {
                byte[] hash = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
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
