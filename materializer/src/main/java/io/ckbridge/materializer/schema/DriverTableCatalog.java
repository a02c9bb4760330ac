package io.ckbridge.materializer.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.schema.ClusteringOrder;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import java.util.ArrayList;
import java.util.Collection;
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
    private final Map<String, Replicas> replicas = new ConcurrentHashMap<>();
    private volatile long lastRefresh;

    /** A keyspace's replica count, for the metadata it was counted from (asked of every change). */
    private record Replicas(KeyspaceMetadata keyspace, Map<?, Node> nodes, int count) {
    }

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

    /**
     * SimpleStrategy: its factor, at most the nodes of the cluster; NetworkTopologyStrategy: per
     * data center its factor, at most the nodes there, summed. Factors with transient replicas
     * ("3/1") count the full ones. Other strategies: 0 (unknown).
     */
    @Override
    public int replicas(String keyspace) {
        Metadata cluster = session.getMetadata();
        Optional<KeyspaceMetadata> metadata = cluster.getKeyspace(CqlIdentifier.fromInternal(keyspace));
        if (metadata.isEmpty()) {
            return 0;
        }
        Replicas known = replicas.get(keyspace);
        if (known == null || known.keyspace() != metadata.get() || known.nodes() != cluster.getNodes()) {
            known = new Replicas(metadata.get(), cluster.getNodes(),
                    count(metadata.get(), cluster.getNodes().values()));
            replicas.put(keyspace, known);
        }
        return known.count();
    }

    private static int count(KeyspaceMetadata keyspace, Collection<Node> nodes) {
        Map<String, String> replication = keyspace.getReplication();
        String strategy = replication.getOrDefault("class", "");
        if (strategy.endsWith("SimpleStrategy")) {
            return Math.min(factor(replication.get("replication_factor")), nodes.size());
        }
        if (!strategy.endsWith("NetworkTopologyStrategy")) {
            return 0;
        }
        int replicas = 0;
        for (Map.Entry<String, String> dc : replication.entrySet()) {
            if (!dc.getKey().equals("class")) {
                long inDc = nodes.stream().filter(node -> dc.getKey().equals(node.getDatacenter())).count();
                replicas += (int) Math.min(factor(dc.getValue()), inDc);
            }
        }
        return replicas;
    }

    static int factor(String text) {
        if (text == null) {
            return 0;
        }
        int slash = text.indexOf('/');
        try {
            int all = Integer.parseInt((slash < 0 ? text : text.substring(0, slash)).trim());
            int transientOnes = slash < 0 ? 0 : Integer.parseInt(text.substring(slash + 1).trim());
            return Math.max(0, all - transientOnes);
        } catch (NumberFormatException e) {
            return 0;
        }
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
        partitionKey.forEach(c -> columns.add(new ColumnInfo(c.getName().asInternal(), c.getType(),
                ColumnInfo.Kind.PARTITION_KEY, false)));
        table.getClusteringColumns().forEach((c, order) -> columns.add(new ColumnInfo(c.getName().asInternal(),
                c.getType(), ColumnInfo.Kind.CLUSTERING, order == ClusteringOrder.DESC)));
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
