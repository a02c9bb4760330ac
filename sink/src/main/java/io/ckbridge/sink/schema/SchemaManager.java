package io.ckbridge.sink.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.sink.mapping.RecordMappingException;
import io.ckbridge.sink.mapping.RecordView;
import io.ckbridge.sink.mapping.TopicTableSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyspaces and tables the sink creates or extends when asked to
 * ({@code cassandra.keyspace.create.enabled}, {@code cassandra.table.manage.enabled}). A created
 * table takes its primary key from the record key's fields (all in the partition key) and a
 * column for every value field; later records with new fields add columns.
 */
public final class SchemaManager {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);
    /** Column of a table created for records whose key is a single value, not a structure. */
    public static final String PRIMITIVE_KEY_COLUMN = "id";

    private final CqlSession session;
    private final boolean manageTables;

    public SchemaManager(CqlSession session, boolean manageTables) {
        this.session = session;
        this.manageTables = manageTables;
    }

    public boolean managesTables() {
        return manageTables;
    }

    public void createKeyspaceIfMissing(String keyspace, int replicationFactor) {
        if (session.getMetadata().getKeyspace(keyspace).isPresent()) {
            return;
        }
        // the data centre the driver treats as local (configured or inferred from the contact points)
        String datacenter = session.getMetadata().getNodes().values().stream()
                .filter(node -> node.getDistance() == NodeDistance.LOCAL).map(Node::getDatacenter).findFirst()
                .orElseGet(() -> session.getMetadata().getNodes().values().iterator().next().getDatacenter());
        LOG.info("Creating keyspace {} with replication factor {} in {}", keyspace, replicationFactor, datacenter);
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + CqlIdentifier.fromCql(keyspace).asCql(true)
                + " WITH replication = {'class': 'NetworkTopologyStrategy', '" + datacenter + "': " + replicationFactor
                + "}");
        session.refreshSchema();
    }

    /** Prepares a target's own statement ({@code .query}), which tells its bind markers and their types. */
    public PreparedStatement prepare(String query) {
        return session.prepare(query);
    }

    public Optional<TableMetadata> table(String keyspace, String table) {
        return session.getMetadata().getKeyspace(CqlIdentifier.fromCql(keyspace))
                .flatMap(ks -> ks.getTable(CqlIdentifier.fromCql(table)));
    }

    /**
     * The target's table, created from this record when missing and tables are managed.
     *
     * @throws RecordMappingException when the table must be created and the record has no key fields
     */
    public TableMetadata tableFor(TopicTableSettings target, RecordView record) {
        Optional<TableMetadata> existing = table(target.keyspace(), target.table());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!manageTables) {
            throw new ConnectException("Table " + target.keyspace() + "." + target.table() + " for topic "
                    + target.topic()
                    + " does not exist. Create it, or set cassandra.table.manage.enabled=true to have the connector "
                            + "create it.");
        }
        createTable(target, record);
        return table(target.keyspace(), target.table()).orElseThrow(() -> new ConnectException(
                "Table " + target.keyspace() + "." + target.table()
                + " was created but is not in the driver's schema metadata"));
    }

    /** Adds columns for value fields the table lacks; true when it changed the table. */
    public boolean addMissingColumns(TableMetadata table, RecordView record) {
        Map<String, String> wanted = columnsOf(table.getKeyspace().asInternal(), table.getName().asInternal(), record,
                false);
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> column : wanted.entrySet()) {
            boolean present = table.getColumns().keySet().stream()
                    .anyMatch(id -> id.asInternal().equalsIgnoreCase(column.getKey()));
            if (!present) {
                session.execute("ALTER TABLE " + qualified(table) + " ADD " + quote(column.getKey()) + " "
                        + column.getValue());
                added.add(column.getKey() + " " + column.getValue());
            }
        }
        if (added.isEmpty()) {
            return false;
        }
        LOG.info("Added columns to {}: {}", qualified(table), String.join(", ", added));
        session.refreshSchema();
        return true;
    }

    private void createTable(TopicTableSettings target, RecordView record) {
        Map<String, String> keyColumns = columnsOf(target.keyspace(), target.table(), record, true);
        if (keyColumns.isEmpty()) {
            throw noPrimaryKey(target.keyspace(), target.table(), "its key has no fields with a value");
        }
        Map<String, String> columns = new LinkedHashMap<>(keyColumns);
        columnsOf(target.keyspace(), target.table(), record, false).forEach(columns::putIfAbsent);
        String cql = "CREATE TABLE IF NOT EXISTS " + quote(target.keyspace()) + "." + quote(target.table()) + " ("
                + String.join(", ", columns.entrySet().stream().map(c -> quote(c.getKey()) + " " + c.getValue())
                        .toList())
                + ", PRIMARY KEY ((" + String.join(", ", keyColumns.keySet().stream().map(SchemaManager::quote)
                        .toList()) + ")))";
        LOG.info("Creating table for topic {}: {}", target.topic(), cql);
        session.execute(cql);
        session.refreshSchema();
    }

    /** Column name → CQL type for the key's fields (primary key) or the value's fields. */
    private Map<String, String> columnsOf(String keyspace, String table, RecordView record, boolean key) {
        Object data = key ? record.structuredKey() : record.structuredValue();
        Schema schema = key ? record.keySchema() : record.valueSchema();
        Map<String, String> columns = new LinkedHashMap<>();
        if (data instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                columns.put(field.name(), CqlTypeOf.schema(field.schema(), field.name(), (name, nested) ->
                        userType(keyspace, table, name, nested)));
            }
        } else if (data instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() != null || !key) {
                    columns.put(String.valueOf(entry.getKey()), CqlTypeOf.value(entry.getValue()));
                }
            }
        } else if (key && data != null) {
            columns.put(PRIMITIVE_KEY_COLUMN, schema != null
                    ? CqlTypeOf.schema(schema, PRIMITIVE_KEY_COLUMN, (n, s) -> "text") : CqlTypeOf.value(data));
        } else if (key) {
            throw noPrimaryKey(keyspace, table, "it has no key");
        }
        return columns;
    }

    /**
     * The record cannot give the table it should create a primary key: a bad record (the task adds
     * topic, partition and offset); a later record with a key creates the table.
     */
    private static RecordMappingException noPrimaryKey(String keyspace, String table, String why) {
        return new RecordMappingException("cannot create table " + keyspace + "." + table + " from this record: "
                + why + ", and a created table's primary key is made of the key's fields. Give the records keys,"
                + " or create the table yourself", null);
    }

    /** Creates (if needed) the user type of a nested struct field: <table>_<field>. */
    private String userType(String keyspace, String table, String field, Schema schema) {
        String name = (table + "_" + field).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        List<String> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
            fields.add(quote(f.name()) + " " + CqlTypeOf.schema(f.schema(), f.name(), (n, s) ->
                    userType(keyspace, name, n, s)));
        }
        session.execute("CREATE TYPE IF NOT EXISTS " + quote(keyspace) + "." + name + " (" + String.join(", ", fields)
                + ")");
        return name;
    }

    private static String qualified(TableMetadata table) {
        return table.getKeyspace().asCql(true) + "." + table.getName().asCql(true);
    }

    /** Names as CQL: lower-case names bare, others quoted so their case is kept. */
    static String quote(String name) {
        return CqlIdentifier.fromInternal(name).asCql(true);
    }
}
