package io.ckbridge.sink;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.sink.compat.DataStaxSinkKeys;
import io.ckbridge.sink.compat.StreamReactorSinkKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the Cassandra sink. Connection and behaviour keys use Confluent's names so its
 * users' configs keep working; explicit mappings use the DataStax sink's
 * {@code topic.<topic>.<keyspace>.<table>.mapping} keys (see {@link io.ckbridge.sink.mapping.TopicTableSettings}),
 * and the DataStax sink's and Stream Reactor's keys are read too ({@link DataStaxSinkKeys},
 * {@link StreamReactorSinkKeys}).
 */
public final class SinkConfig extends AbstractConfig {
    public enum WriteMode { INSERT, UPDATE }

    public enum CollectionUpdate { REPLACE, APPEND }

    private static final String WRITES = "Writes";
    public static final String WRITE_MODE = "cassandra.write.mode";
    private static final String WRITE_MODE_DOC =
            "Insert writes rows with INSERT; Update with UPDATE ... SET (counter columns are always incremented).";
    public static final String TTL = "cassandra.ttl";
    private static final String TTL_DOC =
            "Time to live of written cells in seconds; a per-record __ttl from the mapping overrides it. Empty: no "
            + "TTL.";
    public static final String TIMESTAMP_FROM_RECORD = "cassandra.write.timestamp.from.record";
    private static final String TIMESTAMP_FROM_RECORD_DOC =
            "Use the Kafka record's timestamp as the write time of its cells (a mapped __timestamp overrides it).";
    public static final String DELETES_ENABLED = "cassandra.deletes.enabled";
    private static final String DELETES_ENABLED_DOC =
            "A record with a null value (tombstone) deletes the row with its key's primary key. Disabled: tombstones "
            + "are skipped.";
    public static final String COLLECTION_UPDATE = "cassandra.update.collections";
    private static final String COLLECTION_UPDATE_DOC =
            "In Update mode, REPLACE sets list, set and map columns; APPEND adds to them (list append, set add, map "
            + "put).";
    public static final String EXECUTE_TIMEOUT_MS = "cassandra.execute.timeout.ms";
    private static final String EXECUTE_TIMEOUT_MS_DOC = "Timeout of one write request.";
    public static final String MAX_CONCURRENT_REQUESTS = "cassandra.max.concurrent.requests";
    private static final String MAX_CONCURRENT_REQUESTS_DOC =
            "Write requests (single rows or batches) in flight per task. When reached, the task takes no more records "
            + "until some complete: backpressure, not buffering.";
    public static final String BATCH_MAX_RECORDS = "cassandra.batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC =
            "Most records in one batch (rows of one partition, or with exactly-once one Kafka partition's records). "
            + "Batches also stay under Cassandra's batch_size_fail_threshold.";
    public static final String BATCH_MAX_BYTES = "cassandra.batch.max.bytes";
    private static final String BATCH_MAX_BYTES_DOC =
            "Largest batch in bytes. Empty: Cassandra's batch_size_warn_threshold (read from the cluster), so batches "
            + "never make the server log warnings; never more than 80% of batch_size_fail_threshold.";
    public static final String RETRY_TIMEOUT_MS = "cassandra.write.retry.timeout.ms";
    private static final String RETRY_TIMEOUT_MS_DOC =
            "How long a write failing with a transient error (timeout, unavailable, overloaded) is retried before the "
            + "task fails.";
    public static final String RETRY_BACKOFF_MS = "cassandra.write.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC =
            "First wait before retrying a transient failure; it doubles up to cassandra.write.retry.backoff.max.ms.";
    public static final String RETRY_BACKOFF_MAX_MS = "cassandra.write.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between retries.";

    private static final String MAPPING = "Data Mapping";
    public static final String TABLE_NAME_FORMAT = "cassandra.table.name.format";
    private static final String TABLE_NAME_FORMAT_DOC =
            "Table of a topic without an explicit mapping; ${topic} is the topic name, with characters CQL names "
            + "cannot hold replaced by '_'.";

    private static final String DDL = "DDL Support";
    public static final String TABLE_MANAGE_ENABLED = "cassandra.table.manage.enabled";
    private static final String TABLE_MANAGE_ENABLED_DOC =
            "Create a missing table from the record schema (the key's fields form the primary key) and add columns for "
            + "new fields.";
    public static final String KEYSPACE_CREATE_ENABLED = "cassandra.keyspace.create.enabled";
    private static final String KEYSPACE_CREATE_ENABLED_DOC =
            "Create cassandra.keyspace if missing, with NetworkTopologyStrategy in the local data centre.";
    public static final String KEYSPACE_REPLICATION_FACTOR = "cassandra.keyspace.replication.factor";
    private static final String KEYSPACE_REPLICATION_FACTOR_DOC =
            "Replication factor of a keyspace the connector creates.";

    private static final String EXACTLY_ONCE = "Exactly Once";
    public static final String OFFSET_STORAGE_TABLE = "cassandra.offset.storage.table";
    private static final String OFFSET_STORAGE_TABLE_DOC =
            "Table (in cassandra.keyspace) where each batch stores the Kafka offsets it covers, atomically with its "
            + "rows. Set it for exactly-once delivery; empty: at-least-once.";
    public static final String OFFSET_STORAGE_TABLE_ENABLE = "cassandra.offset.storage.table.enable";
    private static final String OFFSET_STORAGE_TABLE_ENABLE_DOC =
            "Turns the offset table off without removing its name.";
    public static final String BATCHLOG_SETTLE_MS = "cassandra.offset.storage.settle.ms";
    private static final String BATCHLOG_SETTLE_MS_DOC = "How long a batch of unknown outcome (a timeout, its "
            + "coordinator gone) waits before the offset table is asked whether it was applied: Cassandra's batchlog "
            + "may still replay it until twice the write timeout plus its 10 s replay cycle have passed.";

    public static final ConfigDef CONFIG_DEF = configDef();

    public SinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, translate(props));
        refusals(strings(props)).entrySet().stream().findFirst().ifPresent(refused -> {
            throw new ConfigException(refused.getValue());
        });
    }

    /**
     * The properties with the DataStax sink's and Stream Reactor's keys read as ours (their KCQL
     * as per-table keys): what the connector and its tasks run on.
     */
    public static Map<String, String> translate(Map<?, ?> props) {
        return StreamReactorSinkKeys.translate(DataStaxSinkKeys.translate(strings(props)));
    }

    /** What bad records to skip: the DataStax sink's ignoreErrors, else Stream Reactor's error settings. */
    public static DataStaxSinkKeys.Skip skip(Map<String, String> props) {
        DataStaxSinkKeys.Skip dataStax = DataStaxSinkKeys.skip(props);
        return dataStax != DataStaxSinkKeys.Skip.NONE ? dataStax : StreamReactorSinkKeys.skip(props);
    }

    /** Their settings this sink cannot honour, by key, each saying why and what to use instead. */
    public static Map<String, String> refusals(Map<String, String> props) {
        Map<String, String> refused = new LinkedHashMap<>(DataStaxSinkKeys.refusals(props));
        refused.putAll(StreamReactorSinkKeys.refusals(props));
        return refused;
    }

    /** A connector's properties as strings, as Kafka Connect hands them over. */
    public static Map<String, String> strings(Map<?, ?> props) {
        Map<String, String> strings = new LinkedHashMap<>();
        props.forEach((key, value) -> strings.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        return strings;
    }

    private static ConfigDef configDef() {
        ConfigDef def = StreamReactorSinkKeys.define(DataStaxSinkKeys.define(CassandraConnectionConfig.define(
                new ConfigDef())));
        int order = 0;
        def.define(WRITE_MODE, Type.STRING, "Insert", ConfigDef.CaseInsensitiveValidString.in("Insert", "Update"),
                        Importance.HIGH, WRITE_MODE_DOC, WRITES, ++order, Width.SHORT, "Write mode")
                .define(TTL, Type.INT, null, nullOr(ConfigDef.Range.atLeast(0)), Importance.MEDIUM, TTL_DOC, WRITES,
                        ++order, Width.SHORT, "TTL (s)")
                .define(TIMESTAMP_FROM_RECORD, Type.BOOLEAN, false, Importance.MEDIUM, TIMESTAMP_FROM_RECORD_DOC,
                        WRITES, ++order, Width.SHORT, "Write time from record")
                .define(DELETES_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM, DELETES_ENABLED_DOC, WRITES, ++order,
                        Width.SHORT, "Deletes")
                .define(COLLECTION_UPDATE, Type.STRING, "REPLACE",
                        ConfigDef.CaseInsensitiveValidString.in("REPLACE", "APPEND"),
                        Importance.LOW, COLLECTION_UPDATE_DOC, WRITES, ++order, Width.SHORT,
                        "Collections in Update mode")
                .define(EXECUTE_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                        EXECUTE_TIMEOUT_MS_DOC, WRITES, ++order, Width.SHORT, "Write timeout (ms)")
                .define(MAX_CONCURRENT_REQUESTS, Type.INT, 32, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                        MAX_CONCURRENT_REQUESTS_DOC, WRITES, ++order, Width.SHORT, "Writes in flight")
                .define(BATCH_MAX_RECORDS, Type.INT, 100, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                        BATCH_MAX_RECORDS_DOC, WRITES, ++order, Width.SHORT, "Records per batch")
                .define(BATCH_MAX_BYTES, Type.INT, null, nullOr(ConfigDef.Range.atLeast(1024)), Importance.LOW,
                        BATCH_MAX_BYTES_DOC, WRITES, ++order, Width.SHORT, "Bytes per batch")
                .define(RETRY_TIMEOUT_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        RETRY_TIMEOUT_MS_DOC, WRITES, ++order, Width.SHORT, "Retry for (ms)")
                .define(RETRY_BACKOFF_MS, Type.LONG, 100L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, WRITES, ++order, Width.SHORT, "First retry after (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MAX_MS_DOC, WRITES, ++order, Width.SHORT, "Longest retry wait (ms)");
        order = 0;
        def.define(TABLE_NAME_FORMAT, Type.STRING, "${topic}", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                TABLE_NAME_FORMAT_DOC, MAPPING, ++order, Width.MEDIUM, "Table name format");
        order = 0;
        def.define(TABLE_MANAGE_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM, TABLE_MANAGE_ENABLED_DOC, DDL, ++order,
                Width.SHORT, "Manage tables")
                .define(KEYSPACE_CREATE_ENABLED, Type.BOOLEAN, false, Importance.LOW, KEYSPACE_CREATE_ENABLED_DOC, DDL,
                        ++order, Width.SHORT, "Create keyspace")
                .define(KEYSPACE_REPLICATION_FACTOR, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW,
                        KEYSPACE_REPLICATION_FACTOR_DOC, DDL, ++order, Width.SHORT, "Replication factor");
        order = 0;
        def.define(OFFSET_STORAGE_TABLE, Type.STRING, "", Importance.HIGH, OFFSET_STORAGE_TABLE_DOC, EXACTLY_ONCE,
                ++order, Width.MEDIUM, "Offset table")
                .define(OFFSET_STORAGE_TABLE_ENABLE, Type.BOOLEAN, true, Importance.LOW,
                        OFFSET_STORAGE_TABLE_ENABLE_DOC, EXACTLY_ONCE, ++order, Width.SHORT, "Use the offset table")
                .define(BATCHLOG_SETTLE_MS, Type.LONG, 20_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        BATCHLOG_SETTLE_MS_DOC, EXACTLY_ONCE, ++order, Width.SHORT, "Batchlog settle time (ms)");
        return def;
    }

    private static ConfigDef.Validator nullOr(ConfigDef.Validator validator) {
        return (name, value) -> {
            if (value != null) {
                validator.ensureValid(name, value);
            }
        };
    }

    public CassandraConnection connection() {
        return CassandraConnectionConfig.settings(this);
    }

    public String keyspace() {
        return getString(CassandraConnectionConfig.KEYSPACE);
    }

    public WriteMode writeMode() {
        return WriteMode.valueOf(getString(WRITE_MODE).toUpperCase(Locale.ROOT));
    }

    public Optional<Integer> ttlSeconds() {
        return Optional.ofNullable(getInt(TTL));
    }

    public boolean timestampFromRecord() {
        return getBoolean(TIMESTAMP_FROM_RECORD);
    }

    public boolean deletesEnabled() {
        return getBoolean(DELETES_ENABLED);
    }

    public CollectionUpdate collectionUpdate() {
        return CollectionUpdate.valueOf(getString(COLLECTION_UPDATE).toUpperCase(Locale.ROOT));
    }

    public long executeTimeoutMs() {
        return getLong(EXECUTE_TIMEOUT_MS);
    }

    public int maxConcurrentRequests() {
        return getInt(MAX_CONCURRENT_REQUESTS);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public Optional<Integer> batchMaxBytes() {
        return Optional.ofNullable(getInt(BATCH_MAX_BYTES));
    }

    public long retryTimeoutMs() {
        return getLong(RETRY_TIMEOUT_MS);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    public String tableNameFormat() {
        return getString(TABLE_NAME_FORMAT);
    }

    public boolean tableManageEnabled() {
        return getBoolean(TABLE_MANAGE_ENABLED);
    }

    public boolean keyspaceCreateEnabled() {
        return getBoolean(KEYSPACE_CREATE_ENABLED);
    }

    public int keyspaceReplicationFactor() {
        return getInt(KEYSPACE_REPLICATION_FACTOR);
    }

    /** The offset table, when exactly-once delivery is on. */
    public Optional<String> offsetStorageTable() {
        String table = getString(OFFSET_STORAGE_TABLE);
        return getBoolean(OFFSET_STORAGE_TABLE_ENABLE) && table != null && !table.isBlank()
                ? Optional.of(table.trim()) : Optional.empty();
    }

    public Duration batchlogSettle() {
        return Duration.ofMillis(getLong(BATCHLOG_SETTLE_MS));
    }

    /** Kafka Connect's own error tolerance ({@code errors.tolerance}), which the task honours for bad records. */
    public static boolean toleratesErrors(Map<String, String> props) {
        return "all".equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none").trim());
    }
}
