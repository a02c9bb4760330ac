package io.ckbridge.materializer.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the materializer needs of a table's schema: its columns by role, in schema order. */
public final class TableInfo {
    private final String keyspace;
    private final String name;
    private final List<ColumnInfo> partitionKey;
    private final List<ColumnInfo> clustering;
    private final List<ColumnInfo> columns;
    private final Map<String, ColumnInfo> byName = new LinkedHashMap<>();
    private final boolean hasStatics;

    public TableInfo(String keyspace, String name, List<ColumnInfo> columns) {
        this.keyspace = keyspace;
        this.name = name;
        this.columns = List.copyOf(columns);
        columns.forEach(column -> byName.put(column.name(), column));
        this.partitionKey = columns.stream().filter(c -> c.kind() == ColumnInfo.Kind.PARTITION_KEY).toList();
        this.clustering = columns.stream().filter(c -> c.kind() == ColumnInfo.Kind.CLUSTERING).toList();
        this.hasStatics = columns.stream().anyMatch(c -> c.kind() == ColumnInfo.Kind.STATIC);
    }

    public String keyspace() {
        return keyspace;
    }

    public String name() {
        return name;
    }

    public String qualifiedName() {
        return keyspace + "." + name;
    }

    /** Every column: partition key, clustering, static, regular. */
    public List<ColumnInfo> columns() {
        return columns;
    }

    public List<ColumnInfo> partitionKey() {
        return partitionKey;
    }

    public List<ColumnInfo> clustering() {
        return clustering;
    }

    public ColumnInfo column(String name) {
        return byName.get(name);
    }

    public boolean hasStatics() {
        return hasStatics;
    }
}
