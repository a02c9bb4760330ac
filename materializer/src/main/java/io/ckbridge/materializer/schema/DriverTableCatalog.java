package io.ckbridge.materializer.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table schemas from the driver's metadata, which the driver keeps current on schema change
 * events; {@link #refresh} forces a read (at most once a second).
 */
public final class DriverTableCatalog implements TableCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(DriverTableCatalog.class);
    private static final long MIN_REFRESH_INTERVAL_MS = 1_000;

    private final CqlSession session;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile long lastRefresh;

    private record Cached(TableMetadata metadata, TableInfo info) {
    }

    public DriverTableCatalog(CqlSession session) {
        this.session = session;
    }

    @Override
    public Optional<TableInfo> table(String keyspace, String table) {
        Optional<TableMetadata> metadata = session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .flatMap(k -> k.getTable(CqlIdentifier.fromInternal(table)));
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        String name = keyspace + "." + table;
        Cached cached = cache.get(name);
        if (cached == null || cached.metadata() != metadata.get()) {
            cached = new Cached(metadata.get(), info(metadata.get()));
            cache.put(name, cached);
        }
        return Optional.of(cached.info());
    }

    @Override
    public synchronized void refresh() {
        long now = System.currentTimeMillis();
        if (now - lastRefresh < MIN_REFRESH_INTERVAL_MS) {
            return;
        }
        lastRefresh = now;
        LOG.info("Reading the Cassandra schema again");
        session.refreshSchema();
    }

    static TableInfo info(TableMetadata table) {
        List<ColumnInfo> columns = new ArrayList<>();
        List<ColumnMetadata> partitionKey = table.getPartitionKey();
        partitionKey.forEach(c -> columns.add(new ColumnInfo(c.getName().asInternal(), c.getType(), ColumnInfo.Kind.PARTITION_KEY, false)));
        table.getClusteringColumns().forEach((c, order) -> columns.add(new ColumnInfo(c.getName().asInternal(), c.getType(),
                ColumnInfo.Kind.CLUSTERING, order == ClusteringOrder.DESC)));
        for (ColumnMetadata column : table.getColumns().values()) {
            if (partitionKey.contains(column) || table.getClusteringColumns().containsKey(column)) {
                continue;
            }
            columns.add(new ColumnInfo(column.getName().asInternal(), column.getType(),
                    column.isStatic() ? ColumnInfo.Kind.STATIC : ColumnInfo.Kind.REGULAR, false));
        }
        return new TableInfo(table.getKeyspace().asInternal(), table.getName().asInternal(), columns);
    }
}
