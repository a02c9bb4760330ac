package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.internal.core.metadata.schema.DefaultColumnMetadata;
import com.datastax.oss.driver.internal.core.metadata.schema.DefaultTableMetadata;
import io.ckbridge.sink.SinkConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Table metadata built by hand, as the driver would read it from a cluster. */
public final class TestTables {
    private final String keyspace;
    private final String table;
    private final List<ColumnMetadata> partitionKey = new ArrayList<>();
    private final Map<ColumnMetadata, ClusteringOrder> clustering = new LinkedHashMap<>();
    private final Map<CqlIdentifier, ColumnMetadata> columns = new LinkedHashMap<>();

    private TestTables(String keyspace, String table) {
        this.keyspace = keyspace;
        this.table = table;
    }

    public static TestTables table(String keyspace, String table) {
        return new TestTables(keyspace, table);
    }

    public TestTables partitionKey(String name, DataType type) {
        partitionKey.add(column(name, type, false));
        return this;
    }

    public TestTables clustering(String name, DataType type) {
        clustering.put(column(name, type, false), ClusteringOrder.ASC);
        return this;
    }

    public TestTables column(String name, DataType type) {
        column(name, type, false);
        return this;
    }

    public TestTables staticColumn(String name, DataType type) {
        column(name, type, true);
        return this;
    }

    private ColumnMetadata column(String name, DataType type, boolean isStatic) {
        ColumnMetadata column = new DefaultColumnMetadata(CqlIdentifier.fromCql(keyspace), CqlIdentifier.fromCql(table),
                CqlIdentifier.fromCql(name), type, isStatic);
        columns.put(column.getName(), column);
        return column;
    }

    public TableMetadata build() {
        return new DefaultTableMetadata(CqlIdentifier.fromCql(keyspace), CqlIdentifier.fromCql(table),
                UUID.randomUUID(), false, false, partitionKey, clustering, columns, Map.of(), Map.of());
    }

    /** A target for this table, by name or with an explicit mapping. */
    public static TopicTableSettings target(String topic, TableMetadata table, String mapping) {
        return new TopicTableSettings(topic, table.getKeyspace().asInternal(), table.getName().asInternal(),
                Optional.ofNullable(mapping), Optional.empty(), TimeUnit.SECONDS, TimeUnit.MICROSECONDS, true, true,
                Optional.empty());
    }

    public static TableMapping mapping(TableMetadata table, String mapping) {
        return TableMapping.resolve(target("t", table, mapping), table, SinkConfig.WriteMode.INSERT,
                SinkConfig.CollectionUpdate.REPLACE);
    }
}
