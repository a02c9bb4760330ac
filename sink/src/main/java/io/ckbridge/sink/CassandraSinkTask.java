package io.ckbridge.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.sink.errors.BadRecordHandler;
import io.ckbridge.sink.errors.TaskFailure;
import io.ckbridge.sink.mapping.MappingRegistry;
import io.ckbridge.sink.mapping.RecordMapper;
import io.ckbridge.sink.mapping.RecordMappingException;
import io.ckbridge.sink.mapping.RecordView;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import io.ckbridge.sink.mapping.TopicTableSettings;
import io.ckbridge.sink.offsets.OffsetStore;
import io.ckbridge.sink.offsets.OffsetTracker;
import io.ckbridge.sink.schema.SchemaManager;
import io.ckbridge.sink.write.AtLeastOnceWriter;
import io.ckbridge.sink.write.Backoff;
import io.ckbridge.sink.write.BatchLimits;
import io.ckbridge.sink.write.ExactlyOnceWriter;
import io.ckbridge.sink.write.RecordWrite;
import io.ckbridge.sink.write.RowWriter;
import io.ckbridge.sink.write.StatementCache;
import io.ckbridge.sink.write.WriteFailure;
import io.ckbridge.sink.write.WriteOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates one sink task: maps each record to row writes, hands them to the writer (which
 * writes asynchronously), and reports back to Kafka Connect which offsets are safely written.
 * It never waits for the writes of one batch before taking the next; it only waits when too many
 * writes are in flight.
 */
public final class CassandraSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSinkTask.class);
    /** How long put() waits for room before handing the records back to Connect to retry. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    private String connector;
    private CqlSession session;
    private SinkConfig config;
    private MappingRegistry mappings;
    private RecordMapper mapper;
    private RowWriter writer;
    private OffsetStore offsetStore;
    private final OffsetTracker tracker = new OffsetTracker();
    private final TaskFailure failure = new TaskFailure();
    private BadRecordHandler badRecords;

    @Override
    public String version() {
        return CassandraSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        connector = props.getOrDefault("name", "cassandra-sink");
        config = new SinkConfig(props);
        SessionTuning tuning = driver -> driver
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 2)
                .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
                // batches of many partitions draw a server warning each: the task reports its own problems
                .withBoolean(DefaultDriverOption.REQUEST_LOG_WARNINGS, false)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(config.executeTimeoutMs()));
        try {
            session = SessionFactory.open(config.connection(), "sink-" + connector, tuning);
        } catch (RuntimeException e) {
            throw new ConnectException("Connector " + connector + " cannot connect to Cassandra at "
                    + config.connection().describe()
                    + ": " + e.getMessage(), e);
        }
        SchemaManager schema = new SchemaManager(session, config.tableManageEnabled());
        if (config.keyspaceCreateEnabled()) {
            schema.createKeyspaceIfMissing(config.keyspace(), config.keyspaceReplicationFactor());
        }
        List<String> topics = Arrays.stream(props.getOrDefault("topics", "").split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).toList();
        mappings = new MappingRegistry(config, TopicTableSettings.all(config, SinkConfig.translate(props), topics),
                schema);
        mapper = new RecordMapper(session.getContext().getProtocolVersion(), config.timestampFromRecord());
        badRecords = new BadRecordHandler(connector, SinkConfig.toleratesErrors(props), SinkConfig.skip(props),
                errantRecordReporter(), failure);

        StatementCache statements = new StatementCache(session, config.connection().consistencyLevel(),
                Duration.ofMillis(config.executeTimeoutMs()));
        BatchLimits limits = BatchLimits.read(session, config.batchMaxRecords(), config.batchMaxBytes());
        Backoff backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), config.retryTimeoutMs());
        Optional<String> offsetTable = config.offsetStorageTable();
        if (offsetTable.isPresent()) {
            offsetStore = new OffsetStore(session, config.keyspace(), offsetTable.get(), connector,
                    config.connection().consistencyLevel(), Duration.ofMillis(config.executeTimeoutMs()));
            offsetStore.open();
            writer = new ExactlyOnceWriter(session, statements, limits, backoff, config.maxConcurrentRequests(),
                    new Outcome(), offsetStore, config.connection().consistencyLevel(), config.batchlogSettle());
        } else {
            writer = new AtLeastOnceWriter(session, statements, limits, backoff, config.maxConcurrentRequests(),
                    new Outcome());
        }
        LOG.info(
                "Connector {} task started: writing to {} {} ({}, batches of up to {} records / {} bytes, {} writes in "
                + "flight)", connector, config.connection().describe(), config.keyspace(),
                offsetStore == null ? "at-least-once" : "exactly-once with offsets in " + offsetStore.table(),
                limits.maxRecords(), limits.maxBytes(), config.maxConcurrentRequests());
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            LOG.warn(
                    "This Kafka Connect runtime has no errant record reporter (Kafka < 2.6): bad records cannot go to "
                    + "a dead-letter queue");
            return null;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (offsetStore == null) {
            partitions.forEach(partition -> tracker.assign(partition, -1));
            return;
        }
        Map<TopicPartition, Long> stored = offsetStore.read(partitions);
        partitions.forEach(partition -> tracker.assign(partition, stored.getOrDefault(partition, -1L)));
        if (!stored.isEmpty()) {
            LOG.info("Connector {}: resuming from the offsets stored in {}: {}", connector, offsetStore.table(),
                    stored);
            context.offset(stored);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        failure.throwIfFailed();
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            if (!tracker.isNew(partition, record.kafkaOffset())) {
                continue; // handed back earlier for a retry, or applied before a restart (exactly-once)
            }
            List<RowWrite> rows = rowsOf(record);
            tracker.accept(partition, record.kafkaOffset());
            if (rows == null || rows.isEmpty()) {
                tracker.done(partition, record.kafkaOffset());
            } else {
                writer.add(new RecordWrite(record, rows));
            }
        }
        List<RecordWrite> notSubmitted;
        try {
            notSubmitted = writer.flush(FLUSH_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Connector " + connector + ": interrupted while writing", e);
        }
        failure.throwIfFailed();
        if (!notSubmitted.isEmpty()) {
            notSubmitted.forEach(write -> tracker.rollback(write.partition(), write.offset()));
            context.timeout(1000);
            throw new RetriableException("Connector " + connector + ": Cassandra is slower than Kafka ("
                    + writer.inFlight()
                    + " requests in flight); " + notSubmitted.size() + " records are taken again shortly");
        }
    }

    /** The record's row writes; null when the record was set aside as bad. */
    private List<RowWrite> rowsOf(SinkRecord record) {
        RecordView view = new RecordView(record);
        List<RowWrite> rows = new ArrayList<>();
        TableMapping current = null;
        try {
            for (TableMapping mapping : mappings.mappingsFor(view)) {
                current = mapping;
                RowWrite row;
                try {
                    row = mapper.map(view, mapping);
                } catch (RecordMapper.UnknownFieldException e) {
                    TableMapping extended = mappings.extend(mapping, view);
                    if (extended == null) {
                        throw e;
                    }
                    current = extended;
                    row = mapper.map(view, extended);
                }
                if (row != null) {
                    rows.add(row);
                }
            }
            return rows;
        } catch (RecordMappingException e) {
            if (badRecords.handle(record, current == null ? null : current.qualifiedName(), e.column(), e)) {
                return null;
            }
            throw failure.error();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        failure.throwIfFailed();
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();
        committable.keySet().retainAll(currentOffsets.keySet());
        return committable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            long deadline = System.currentTimeMillis() + Math.min(config.retryTimeoutMs(), 60_000);
            while (tracker.hasPending(partitions) && !failure.hasFailed() && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        partitions.forEach(tracker::revoke);
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
        if (session != null) {
            session.close();
        }
        LOG.info("Connector {} task stopped", connector);
    }

    /** What the writer reports, turned into committed offsets, dead-letter records or a task failure. */
    private final class Outcome implements WriteOutcome {
        @Override
        public void written(RecordWrite record) {
            tracker.done(record.partition(), record.offset());
        }

        @Override
        public boolean refused(RecordWrite record, RowWrite row, Throwable error) {
            Throwable refusal = new ConnectException(WriteFailure.describe(error), WriteFailure.unwrap(error));
            boolean setAside = badRecords.handle(record.record(), row.mapping().qualifiedName(), null, refusal, true);
            if (setAside) {
                tracker.done(record.partition(), record.offset());
            }
            return setAside;
        }

        @Override
        public void fatal(String message, Throwable error) {
            failure.fail(new ConnectException("Connector " + connector + ": " + message + ": " + error.getMessage()
                    + ". The task stops; its uncommitted records are written again when it restarts.", error));
        }
    }
}
