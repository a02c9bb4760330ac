package io.ckbridge.source;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.source.read.BulkReader;
import io.ckbridge.source.read.IncrementalReader;
import io.ckbridge.source.read.ReadFailures;
import io.ckbridge.source.read.ResolvedRoute;
import io.ckbridge.source.read.SourcePartitions;
import io.ckbridge.source.read.TableReader;
import io.ckbridge.source.read.TokenSplit;
import io.ckbridge.source.route.Routes;
import io.ckbridge.source.route.TableRoute;
import io.ckbridge.source.schema.ClusterSchema;
import io.ckbridge.source.schema.RegistrySchemaCheck;
import io.ckbridge.source.schema.SchemaCheck;
import io.ckbridge.source.schema.SchemaFollowingReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls its tables (or token-range slices) in turn, each when due, and hands their rows to Kafka. */
public final class CassandraSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSourceTask.class);
    /** Transient read failures are retried by Connect for this long, then the task fails with the reason. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    private String connector;
    private CqlSession session;
    private final List<TableReader> readers = new ArrayList<>();
    private volatile boolean stopping;
    private ReadFailures failures;

    @Override
    public String version() {
        return CassandraSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        connector = props.getOrDefault("name", "cassandra-source");
        failures = new ReadFailures(connector, GIVE_UP_AFTER);
        SourceConfig config = new SourceConfig(props);
        List<TableRoute> routes = Routes.of(config);
        try {
            session = SessionFactory.open(config.connection(), "source-" + connector, SessionTuning.NONE);
        } catch (RuntimeException e) {
            throw new ConnectException("Connector " + connector + " cannot connect to Cassandra at "
                    + config.connection().describe()
                    + ": " + e.getMessage(), e);
        }
        SchemaCheck schemaCheck = config.schemaRegistry()
                .<SchemaCheck>map(registry -> new RegistrySchemaCheck(registry, config.schemaCompatibility()))
                .orElse(SchemaCheck.NONE);
        ClusterSchema schema = new ClusterSchema(session, Clock.systemUTC());
        IncrementalReader.Settings settings = new IncrementalReader.Settings(Duration.ofMillis(config.pollIntervalMs()),
                Duration.ofMillis(config.delayMs()), config.fetchSize(), config.maxRowsPerPoll(),
                Duration.ofMillis(config.timeSliceMs()), config.maxBoundaryKeys(),
                config.connection().consistencyLevel());
        for (String work : props.getOrDefault(CassandraSourceConnector.TASK_ASSIGNMENT, "").split(";")) {
            if (work.isBlank()) {
                continue;
            }
            int at = work.indexOf('@');
            TableRoute route = routes.get(Integer.parseInt(at < 0 ? work : work.substring(0, at)));
            ResolvedRoute resolved = resolve(route);
            TableReader reader;
            if (at < 0) {
                Map<String, Object> offset = SourcePartitions.storedOffset(context.offsetStorageReader(),
                        SourcePartitions.table(resolved));
                reader = new IncrementalReader(session, resolved, settings, config.initialOffset(), offset,
                        Clock.systemUTC());
            } else {
                List<TokenSplit> splits = new ArrayList<>();
                for (String split : work.substring(at + 1).split(",")) {
                    if (!split.isBlank()) {
                        splits.add(TokenSplit.parse(split));
                    }
                }
                Map<Map<String, String>, TokenSplit> byPartition = new LinkedHashMap<>();
                splits.forEach(split -> byPartition.put(SourcePartitions.split(resolved, split), split));
                Map<TokenSplit, Map<String, Object>> stored = new HashMap<>();
                SourcePartitions.storedOffsets(context.offsetStorageReader(), new ArrayList<>(byPartition.keySet()))
                        .forEach((partition, offset) -> stored.put(byPartition.get(partition), new HashMap<>(offset)));
                reader = new BulkReader(session, resolved, splits, stored, config.bulkIntervalMs(),
                        config.fetchSize(), config.connection().consistencyLevel(), Clock.systemUTC());
            }
            readers.add(new SchemaFollowingReader(connector, reader, schema, schemaCheck, Clock.systemUTC()));
        }
        LOG.info("Connector {} task started, reading {}", connector, readers.stream().map(TableReader::describe)
                .toList());
    }

    private ResolvedRoute resolve(TableRoute route) {
        TableMetadata table = session.getMetadata().getKeyspace(CqlIdentifier.fromCql(route.keyspace()))
                .flatMap(ks -> ks.getTable(CqlIdentifier.fromCql(route.table())))
                .orElseThrow(() -> new ConnectException("Connector " + connector + ": table " + route.qualifiedName()
                        + " does not exist. Create it or fix " + route.origin() + "."));
        try {
            return ResolvedRoute.resolve(route, table);
        } catch (ResolvedRoute.RouteException e) {
            throw new ConnectException("Connector " + connector + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long waitedUntil = System.currentTimeMillis() + 1000;
        while (!stopping && System.currentTimeMillis() < waitedUntil) {
            TableReader due = null;
            for (TableReader reader : readers) {
                if (due == null || reader.nextDueMillis() < due.nextDueMillis()) {
                    due = reader;
                }
            }
            if (due == null) {
                Thread.sleep(200);
                return null;
            }
            long now = System.currentTimeMillis();
            if (due.nextDueMillis() > now) {
                Thread.sleep(Math.min(200, due.nextDueMillis() - now));
                continue;
            }
            List<SourceRecord> records = read(due);
            if (!records.isEmpty()) {
                return records;
            }
        }
        return null;
    }

    private List<SourceRecord> read(TableReader reader) {
        try {
            List<SourceRecord> records = reader.read();
            failures.succeeded();
            return records;
        } catch (DriverException e) {
            throw failures.failed(reader.describe(), e, System.currentTimeMillis());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        readers.forEach(TableReader::close);
        if (session != null) {
            session.close();
        }
    }
}
