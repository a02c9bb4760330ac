package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.metadata.schema.DefaultColumnMetadata;
import io.ckbridge.sink.SinkConfig.CollectionUpdate;
import io.ckbridge.sink.SinkConfig.WriteMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A topic → table target resolved against the table's schema: which columns are written, where
 * each value comes from, and how (insert, update, counter increment, collection append). Built
 * once per table and schema version; invalid mappings fail here, before any record is read.
 */
public final class TableMapping {
    private final TopicTableSettings settings;
    private final TableMetadata table;
    private final List<ColumnMetadata> columns;
    private final FieldPath[] paths;
    private final DataType[] types;
    private final TypeCodec<Object>[] codecs;
    private final boolean[] primaryKey;
    private final boolean[] appends;
    private final int[] partitionKey;
    private final int[] clustering;
    private final int[] statics;
    private final Map<String, Integer> byLowerName;
    private final boolean counterTable;
    private final boolean idempotent;
    private final WriteMode mode;
    private final FieldPath ttlPath;
    private final FieldPath timestampPath;
    private final String query;

    private TableMapping(TopicTableSettings settings, TableMetadata table, List<ColumnMetadata> columns,
            FieldPath[] paths, WriteMode mode, CollectionUpdate collections, FieldPath ttlPath,
            FieldPath timestampPath) {
        this(settings, table, columns, paths, mode, collections, ttlPath, timestampPath, null, null);
    }

    /** {@code query} and {@code queryPartitionKey} (its bind markers of the partition key) for a target's own CQL. */
    @SuppressWarnings("unchecked")
    private TableMapping(TopicTableSettings settings, TableMetadata table, List<ColumnMetadata> columns,
            FieldPath[] paths, WriteMode mode, CollectionUpdate collections, FieldPath ttlPath,
            FieldPath timestampPath, String query, int[] queryPartitionKey) {
        this.settings = settings;
        this.query = query;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.paths = paths;
        this.ttlPath = ttlPath;
        this.timestampPath = timestampPath;
        int n = columns.size();
        this.types = new DataType[n];
        this.codecs = new TypeCodec[n];
        this.primaryKey = new boolean[n];
        this.appends = new boolean[n];
        this.byLowerName = new HashMap<>();
        List<Integer> pk = new ArrayList<>();
        List<Integer> ck = new ArrayList<>();
        List<Integer> st = new ArrayList<>();
        boolean counters = false;
        for (int i = 0; i < n; i++) {
            ColumnMetadata column = columns.get(i);
            types[i] = column.getType();
            codecs[i] = (TypeCodec<Object>) (TypeCodec<?>) CodecRegistry.DEFAULT.codecFor(column.getType());
            byLowerName.put(column.getName().asInternal().toLowerCase(Locale.ROOT), i);
            if (query != null) {
                // a statement's bind markers: its partition key is what the driver found, nothing else is a key
                for (int key : queryPartitionKey) {
                    if (key == i) {
                        pk.add(i);
                        primaryKey[i] = true;
                    }
                }
            } else if (table.getPartitionKey().contains(column)) {
                pk.add(i);
                primaryKey[i] = true;
            } else if (table.getClusteringColumns().containsKey(column)) {
                ck.add(i);
                primaryKey[i] = true;
            } else if (column.isStatic()) {
                st.add(i);
            }
            counters |= column.getType().equals(DataTypes.COUNTER);
            appends[i] = mode == WriteMode.UPDATE && collections == CollectionUpdate.APPEND && !primaryKey[i]
                    && (column.getType() instanceof ListType || column.getType() instanceof SetType
                    || column.getType() instanceof MapType);
        }
        this.partitionKey = pk.stream().mapToInt(Integer::intValue).toArray();
        this.clustering = ck.stream().mapToInt(Integer::intValue).toArray();
        this.statics = st.stream().mapToInt(Integer::intValue).toArray();
        this.counterTable = counters;
        boolean anyAppend = false;
        for (boolean append : appends) {
            anyAppend |= append;
        }
        // a statement of the user's own may add to a list or a counter: never sent twice on a guess
        this.idempotent = !counters && !anyAppend && query == null;
        // Counter columns can only be incremented, so a counter table is always written with UPDATE.
        this.mode = counters ? WriteMode.UPDATE : mode;
    }

    /**
     * Resolves a target against its table. Without an explicit mapping every column is filled
     * by the field of the same name; with one, exactly the mapped columns are written.
     */
    public static TableMapping resolve(TopicTableSettings settings, TableMetadata table, WriteMode mode,
            CollectionUpdate collections) {
        if (settings.mapping().isEmpty()) {
            List<ColumnMetadata> all = new ArrayList<>(table.getColumns().values());
            return new TableMapping(settings, table, all, new FieldPath[all.size()], mode, collections, null, null);
        }
        MappingParser.ParsedMapping parsed = MappingParser.parse(settings.mapping().get());
        Map<CqlIdentifier, FieldPath> mapped = new LinkedHashMap<>(parsed.columns());
        List<ColumnMetadata> columns = new ArrayList<>();
        List<FieldPath> paths = new ArrayList<>();
        for (Map.Entry<CqlIdentifier, FieldPath> entry : mapped.entrySet()) {
            ColumnMetadata column = table.getColumn(entry.getKey()).orElseThrow(() -> new InvalidMappingException(
                    settings.key("mapping"), "names column " + entry.getKey().asCql(true) + ", which "
                    + qualifiedName(table)
                    + " does not have (its columns: " + columnNames(table) + ")"));
            columns.add(column);
            paths.add(entry.getValue());
        }
        for (ColumnMetadata key : table.getPrimaryKey()) {
            if (!mapped.containsKey(key.getName())) {
                throw new InvalidMappingException(settings.key("mapping"), "does not map primary key column "
                        + key.getName().asCql(true) + " of " + qualifiedName(table)
                        + "; every primary key column needs a field");
            }
        }
        TableMapping mapping = new TableMapping(settings, table, columns, paths.toArray(FieldPath[]::new), mode,
                collections, parsed.ttl(), parsed.timestamp());
        if (mapping.counterTable && (parsed.ttl() != null || parsed.timestamp() != null)) {
            throw new InvalidMappingException(settings.key("mapping"), "maps __ttl or __timestamp, but "
                    + qualifiedName(table)
                    + " has counter columns, which take neither a TTL nor a write time");
        }
        return mapping;
    }

    /**
     * A target written by a CQL statement of the user's own (the DataStax sink's {@code .query}):
     * each bind marker takes the field the mapping gives for its name, as the DataStax sink binds
     * them; the statement's partition key keeps one partition's writes in order. TTL and write time
     * are the statement's to set (its {@code USING}), as there.
     */
    public static TableMapping forQuery(TopicTableSettings settings, TableMetadata table,
            PreparedStatement prepared) {
        String query = settings.query().orElseThrow();
        if (settings.mapping().isEmpty()) {
            throw new InvalidMappingException(settings.key("query"), "needs " + settings.key("mapping")
                    + " to say which field each bind marker takes (marker=value.field, ...)");
        }
        MappingParser.ParsedMapping parsed = MappingParser.parse(settings.mapping().get());
        Map<String, FieldPath> byName = new HashMap<>();
        parsed.columns().forEach((name, path) -> byName.put(name.asInternal().toLowerCase(Locale.ROOT), path));
        List<ColumnMetadata> markers = new ArrayList<>();
        List<FieldPath> paths = new ArrayList<>();
        for (ColumnDefinition marker : prepared.getVariableDefinitions()) {
            FieldPath path = byName.get(marker.getName().asInternal().toLowerCase(Locale.ROOT));
            if (path == null) {
                throw new InvalidMappingException(settings.key("mapping"), "has no entry for bind marker :"
                        + marker.getName().asCql(true) + " of " + settings.key("query") + " (its markers: "
                        + String.join(", ", names(prepared)) + ")");
            }
            markers.add(new DefaultColumnMetadata(table.getKeyspace(), table.getName(), marker.getName(),
                    marker.getType(), false));
            paths.add(path);
        }
        int[] partitionKey = prepared.getPartitionKeyIndices().stream().mapToInt(Integer::intValue).toArray();
        return new TableMapping(settings, table, markers, paths.toArray(FieldPath[]::new), WriteMode.INSERT,
                CollectionUpdate.REPLACE, null, null, query, partitionKey);
    }

    private static List<String> names(PreparedStatement prepared) {
        List<String> names = new ArrayList<>();
        prepared.getVariableDefinitions().forEach(marker -> names.add(":" + marker.getName().asCql(true)));
        return names;
    }

    /** The user's own CQL that writes this target, if it has one. */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    public static String qualifiedName(TableMetadata table) {
        return table.getKeyspace().asCql(true) + "." + table.getName().asCql(true);
    }

    private static String columnNames(TableMetadata table) {
        return String.join(", ", table.getColumns().keySet().stream().map(id -> id.asCql(true)).toList());
    }

    public TopicTableSettings settings() {
        return settings;
    }

    public TableMetadata table() {
        return table;
    }

    public String qualifiedName() {
        return qualifiedName(table);
    }

    public List<ColumnMetadata> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    public String columnName(int index) {
        return columns.get(index).getName().asCql(true);
    }

    /** Where column {@code index} comes from; null when matched by name. */
    public FieldPath path(int index) {
        return paths[index];
    }

    public boolean isAuto() {
        return settings.mapping().isEmpty();
    }

    public DataType type(int index) {
        return types[index];
    }

    public TypeCodec<Object> codec(int index) {
        return codecs[index];
    }

    public boolean isPrimaryKey(int index) {
        return primaryKey[index];
    }

    public boolean isAppend(int index) {
        return appends[index];
    }

    public boolean isCounter(int index) {
        return types[index].equals(DataTypes.COUNTER);
    }

    public boolean isStatic(int index) {
        return columns.get(index).isStatic();
    }

    public int[] partitionKey() {
        return partitionKey;
    }

    public int[] clustering() {
        return clustering;
    }

    public int[] statics() {
        return statics;
    }

    /** Column index of a field name, case-insensitively; -1 when no column has that name. */
    public int columnIndexOf(String fieldName) {
        Integer index = byLowerName.get(fieldName.toLowerCase(Locale.ROOT));
        return index == null ? -1 : index;
    }

    public boolean isCounterTable() {
        return counterTable;
    }

    /** True when a write may safely be sent twice: no counter increment and no collection append. */
    public boolean isIdempotent() {
        return idempotent;
    }

    public WriteMode mode() {
        return mode;
    }

    public FieldPath ttlPath() {
        return ttlPath;
    }

    public FieldPath timestampPath() {
        return timestampPath;
    }

    /** A mapping cannot work with its table; {@link #key()} is the config key to report it on. */
    public static final class InvalidMappingException extends IllegalArgumentException {
        private final String key;

        public InvalidMappingException(String key, String problem) {
            super(key + " " + problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
