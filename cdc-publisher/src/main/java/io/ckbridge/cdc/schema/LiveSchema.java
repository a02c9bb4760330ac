package io.ckbridge.cdc.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.ReversedType;
import org.apache.cassandra.schema.CQLTypeParser;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableParams;
import org.apache.cassandra.schema.Tables;
import org.apache.cassandra.schema.Types;
import org.apache.cassandra.schema.UserFunctions;
import org.apache.cassandra.schema.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's live schema, read over CQL from system_schema (with the real table ids and the
 * dropped columns) and loaded into Cassandra's own {@link Schema}, which the commit-log reader
 * consults to decode mutations. Reloaded when the node's schema version moves (checked before each
 * read, so a mutation written after an ALTER is decoded with the altered table) and when a mutation
 * names a table or column it lacks.
 */
public final class LiveSchema {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSchema.class);

    private final CqlSession session;
    private int loads;
    private UUID version;

    public LiveSchema(CqlSession session) {
        this.session = session;
    }

    /** Reads every non-local keyspace and replaces what the reader knows of them. */
    public synchronized void reload() {
        // Read the version first: a change made while loading is then seen as a later change.
        UUID loading = currentVersion();
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>();
        for (Row keyspace : session.execute("SELECT keyspace_name FROM system_schema.keyspaces")) {
            String name = keyspace.getString(0);
            if (SchemaConstants.isLocalSystemKeyspace(name)) {
                continue; // built into Cassandra's own Schema
            }
            keyspaces.put(name, keyspace(name));
        }
        Schema.instance.transform(current -> {
            Keyspaces updated = current;
            for (KeyspaceMetadata keyspace : keyspaces.values()) {
                updated = updated.withAddedOrUpdated(keyspace);
            }
            return updated;
        });
        version = loading;
        loads++;
        LOG.info("Loaded the schema of {} keyspaces from the node (load {})", keyspaces.size(), loads);
    }

    /** Reloads when the node's schema version differs from the loaded one; true when it did. */
    /** Whether the schema last loaded has this table. */
    public boolean knows(TableId table) {
        return Schema.instance.getTableMetadata(table) != null;
    }

    public synchronized boolean refreshIfChanged() {
        if (Objects.equals(currentVersion(), version)) {
            return false;
        }
        reload();
        return true;
    }

    private UUID currentVersion() {
        Row local = session.execute("SELECT schema_version FROM system.local").one();
        return local == null ? null : local.getUuid(0);
    }

    public int loads() {
        return loads;
    }

    private KeyspaceMetadata keyspace(String keyspace) {
        Types.RawBuilder rawTypes = Types.rawBuilder(keyspace);
        for (Row type : session.execute(
                "SELECT type_name, field_names, field_types FROM system_schema.types WHERE keyspace_name = ?",
                keyspace)) {
            rawTypes.add(type.getString("type_name"), type.getList("field_names", String.class),
                    type.getList("field_types", String.class));
        }
        Types types = rawTypes.build();
        Map<String, List<Row>> columns = new HashMap<>();
        for (Row column : session.execute("SELECT * FROM system_schema.columns WHERE keyspace_name = ?", keyspace)) {
            columns.computeIfAbsent(column.getString("table_name"), t -> new ArrayList<>()).add(column);
        }
        Map<String, List<Row>> dropped = new HashMap<>();
        for (Row column : session.execute("SELECT * FROM system_schema.dropped_columns WHERE keyspace_name = ?",
                keyspace)) {
            dropped.computeIfAbsent(column.getString("table_name"), t -> new ArrayList<>()).add(column);
        }
        List<TableMetadata> tables = new ArrayList<>();
        for (Row table : session.execute(
                "SELECT table_name, id, cdc, flags FROM system_schema.tables WHERE keyspace_name = ?", keyspace)) {
            String name = table.getString("table_name");
            tables.add(table(keyspace, name, table.getUuid("id"), table.getBoolean("cdc"),
                    columns.getOrDefault(name, List.of()),
                    dropped.getOrDefault(name, List.of()), types, table.getSet("flags", String.class)
                    .contains("counter")));
        }
        return KeyspaceMetadata.create(keyspace, KeyspaceParams.simple(1), Tables.of(tables), Views.none(), types,
                UserFunctions.none());
    }

    private static TableMetadata table(String keyspace, String name, UUID id, boolean cdc, List<Row> columns,
            List<Row> dropped,
                                       Types types, boolean counter) {
        TableMetadata.Builder builder = TableMetadata.builder(keyspace, name, TableId.fromUUID(id))
                .params(TableParams.builder().cdc(cdc).build())
                .isCounter(counter);
        List<Row> ordered = new ArrayList<>(columns);
        ordered.sort(Comparator.comparing((Row c) -> c.getString("kind")).thenComparingInt(c -> c.getInt("position")));
        for (Row column : ordered) {
            ColumnIdentifier columnName = ColumnIdentifier.getInterned(column.getString("column_name"), true);
            AbstractType<?> type = CQLTypeParser.parse(keyspace, column.getString("type"), types);
            switch (column.getString("kind")) {
                case "partition_key" -> builder.addPartitionKeyColumn(columnName, type);
                case "clustering" -> builder.addClusteringColumn(columnName,
                        "desc".equals(column.getString("clustering_order")) ? ReversedType.getInstance(type) : type);
                case "static" -> builder.addStaticColumn(columnName, type);
                default -> builder.addRegularColumn(columnName, type);
            }
        }
        for (Row column : dropped) {
            AbstractType<?> type = CQLTypeParser.parse(keyspace, column.getString("type"), Types.none());
            ColumnIdentifier columnName = ColumnIdentifier.getInterned(column.getString("column_name"), true);
            ColumnMetadata droppedColumn = "static".equals(column.getString("kind"))
                    ? ColumnMetadata.staticColumn(keyspace, name, columnName.toString(), type)
                    : ColumnMetadata.regularColumn(keyspace, name, columnName.toString(), type);
            builder.recordColumnDrop(droppedColumn, column.getInstant("dropped_time").toEpochMilli() * 1000);
        }
        return builder.build();
    }
}
