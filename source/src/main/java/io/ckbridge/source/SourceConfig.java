package io.ckbridge.source;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.StreamReactorKeys;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.registry.RegistryUrl;
import io.ckbridge.common.registry.SchemaRegistryClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Configuration of the Cassandra source. Besides its own keys it takes Lenses Stream Reactor's
 * {@code connect.cassandra.*} keys unchanged, so only {@code connector.class} changes for users
 * moving over; where both are given, ours win.
 */
public final class SourceConfig extends AbstractConfig {
    public enum Mode { INCREMENTAL, BULK }

    private static final String SOURCE = "Source";
    public static final String TABLES = "cassandra.source.tables";
    private static final String TABLES_DOC = "Tables of cassandra.keyspace to read (when no KCQL is given).";
    public static final String MODE = "cassandra.source.mode";
    private static final String MODE_DOC =
            "incremental: read new rows by a timestamp or timeuuid column; bulk: read whole tables in token-range "
            + "slices spread over the tasks.";
    public static final String INCREMENTAL_COLUMN = "cassandra.source.incremental.column";
    private static final String INCREMENTAL_COLUMN_DOC =
            "The timestamp or timeuuid column that tells new rows, in incremental mode.";
    public static final String COLUMNS = "cassandra.source.columns";
    private static final String COLUMNS_DOC = "Columns to put in the record value; empty: all.";
    public static final String UNWRAP = "cassandra.source.unwrap";
    private static final String UNWRAP_DOC =
            "With a single column selected, the record value is that column's value alone, not a struct.";
    public static final String TOPIC_FORMAT = "cassandra.source.topic.format";
    private static final String TOPIC_FORMAT_DOC = "Topic of a table: ${keyspace} and ${table} are replaced.";
    public static final String POLL_INTERVAL_MS = "cassandra.source.poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How often each table is queried for new rows.";
    public static final String DELAY_MS = "cassandra.source.delay.ms";
    private static final String DELAY_MS_DOC =
            "Rows are read only up to now minus this delay, so writes that arrive late (clock skew, slow clients) are "
            + "not missed.";
    public static final String FETCH_SIZE = "cassandra.source.fetch.size";
    private static final String FETCH_SIZE_DOC = "Rows per page fetched from Cassandra.";
    public static final String MAX_ROWS_PER_POLL = "cassandra.source.max.rows.per.poll";
    private static final String MAX_ROWS_PER_POLL_DOC =
            "Most rows one incremental poll holds and hands to Kafka, the earliest of its window; the rest follow at "
            + "the next poll.";
    public static final String INITIAL_OFFSET = "cassandra.source.initial.offset";
    private static final String INITIAL_OFFSET_DOC =
            "Time from which incremental mode starts when no offset is stored: ISO-8601 (2018-01-22T00:00:00Z), Stream "
            + "Reactor's form (2018-01-22 00:00:00.0000000Z) or epoch milliseconds.";
    public static final String BULK_INTERVAL_MS = "cassandra.source.bulk.interval.ms";
    private static final String BULK_INTERVAL_MS_DOC =
            "In bulk mode, read the tables again this long after each complete read; 0: once (a snapshot).";
    public static final String BULK_SPLITS = "cassandra.source.bulk.splits";
    private static final String BULK_SPLITS_DOC =
            "Token-range slices per table in bulk mode, spread over the tasks; 0: 16 per task.";
    public static final String TIME_SLICE_MS = "cassandra.source.time.slice.ms";
    private static final String TIME_SLICE_MS_DOC =
            "Longest time window one incremental query covers (narrower while windows hold more than the rows per "
            + "poll; empty stretches are skipped in one look-up); 0: up to now minus the delay.";
    public static final String MAX_BOUNDARY_KEYS = "cassandra.source.max.boundary.keys";
    private static final String MAX_BOUNDARY_KEYS_DOC =
            "Most keys of rows sharing the last time sent that an offset lists; beyond, it holds the last of those "
            + "rows in a fixed order (time, timeuuid, key) instead.";

    private static final String REGISTRY = "Schema registry";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "The schema registry this connector's Avro value.converter "
            + "writes to (its root or an API root). Each table's key and value schemas are registered there (subjects "
            + "<topic>-key and <topic>-value) before rows of them are read, also when the table changes: a schema the "
            + "registry refuses holds that table alone (the others read on) until the subject's level or the table is "
            + "fixed, then reading resumes where it stopped. Empty: the connector's own "
            + "value.converter.apicurio.registry.url or value.converter.schema.registry.url, if set; else no check.";
    public static final String SCHEMA_COMPATIBILITY = "schema.compatibility";
    private static final String SCHEMA_COMPATIBILITY_DOC = "The compatibility level given to a subject the source "
            + "creates (a subject that exists keeps its own).";
    /** Where the connector's own Avro converter names its registry (Apicurio's, Confluent's). */
    private static final List<String> CONVERTER_REGISTRY_KEYS = List.of("value.converter.apicurio.registry.url",
            "value.converter.schema.registry.url");
    private static final String COMPATIBILITY = "Stream Reactor compatibility";
    public static final String SR_KCQL = StreamReactorKeys.KCQL;
    private static final String SR_KCQL_DOC =
            "KCQL routes: INSERT INTO <topic> SELECT <cols|*> FROM <table> [IGNORE <cols>] [PK <col>] [WITHUNWRAP] "
            + "[INCREMENTALMODE=TIMESTAMP|TIMEUUID|TOKEN], separated by ';'.";
    /** Stream Reactor key → our key, for keys that only need a name change. */
    static final Map<String, String> STREAM_REACTOR_KEYS = streamReactorKeys();

    public static final ConfigDef CONFIG_DEF = configDef();

    public SourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, translate(props));
        initialOffset(); // fails early on a bad value
    }

    private static Map<String, String> streamReactorKeys() {
        Map<String, String> keys = new LinkedHashMap<>(StreamReactorKeys.CONNECTION);
        keys.put("connect.cassandra.import.mode", MODE);
        keys.put("connect.cassandra.initial.offset", INITIAL_OFFSET);
        keys.put("connect.cassandra.import.poll.interval", POLL_INTERVAL_MS);
        keys.put("connect.cassandra.batch.size", FETCH_SIZE);
        keys.put("connect.cassandra.time.slice.ms", TIME_SLICE_MS);
        return keys;
    }

    /** Our keys, filled from Stream Reactor's where ours are absent. */
    public static Map<String, String> translate(Map<?, ?> props) {
        return StreamReactorKeys.translate(props, STREAM_REACTOR_KEYS);
    }

    private static ConfigDef configDef() {
        ConfigDef def = CassandraConnectionConfig.define(new ConfigDef());
        int order = 0;
        def.define(TABLES, Type.LIST, "", Importance.HIGH, TABLES_DOC, SOURCE, ++order, Width.LONG, "Tables")
                .define(MODE, Type.STRING, "incremental", ConfigDef.CaseInsensitiveValidString.in("incremental",
                        "bulk"), Importance.HIGH, MODE_DOC, SOURCE, ++order, Width.SHORT, "Mode")
                .define(INCREMENTAL_COLUMN, Type.STRING, "", Importance.HIGH, INCREMENTAL_COLUMN_DOC, SOURCE, ++order,
                        Width.MEDIUM, "Incremental column")
                .define(COLUMNS, Type.LIST, "", Importance.MEDIUM, COLUMNS_DOC, SOURCE, ++order, Width.LONG, "Columns")
                .define(UNWRAP, Type.BOOLEAN, false, Importance.MEDIUM, UNWRAP_DOC, SOURCE, ++order, Width.SHORT,
                        "Unwrap")
                .define(TOPIC_FORMAT, Type.STRING, "${keyspace}.${table}", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, TOPIC_FORMAT_DOC, SOURCE, ++order, Width.MEDIUM, "Topic format")
                .define(POLL_INTERVAL_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(10), Importance.MEDIUM,
                        POLL_INTERVAL_MS_DOC, SOURCE, ++order, Width.SHORT, "Poll interval (ms)")
                .define(DELAY_MS, Type.LONG, 3000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM, DELAY_MS_DOC, SOURCE,
                        ++order, Width.SHORT, "Delay (ms)")
                .define(FETCH_SIZE, Type.INT, 5000, ConfigDef.Range.between(1, 100_000), Importance.LOW, FETCH_SIZE_DOC,
                        SOURCE, ++order, Width.SHORT, "Fetch size")
                .define(MAX_ROWS_PER_POLL, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        MAX_ROWS_PER_POLL_DOC, SOURCE, ++order, Width.SHORT, "Rows per poll")
                .define(INITIAL_OFFSET, Type.STRING, "1970-01-01T00:00:00Z", Importance.MEDIUM, INITIAL_OFFSET_DOC,
                        SOURCE, ++order, Width.MEDIUM, "Initial offset")
                .define(BULK_INTERVAL_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        BULK_INTERVAL_MS_DOC, SOURCE, ++order, Width.SHORT, "Bulk interval (ms)")
                .define(BULK_SPLITS, Type.INT, 0, ConfigDef.Range.between(0, 65_536), Importance.LOW, BULK_SPLITS_DOC,
                        SOURCE, ++order, Width.SHORT, "Bulk splits")
                .define(TIME_SLICE_MS, Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        TIME_SLICE_MS_DOC, SOURCE, ++order, Width.SHORT, "Time slice (ms)")
                .define(MAX_BOUNDARY_KEYS, Type.INT, 100, ConfigDef.Range.between(0, 10_000), Importance.LOW,
                        MAX_BOUNDARY_KEYS_DOC, SOURCE, ++order, Width.SHORT, "Boundary keys in an offset");
        order = 0;
        def.define(SCHEMA_REGISTRY_URL, Type.STRING, "", RegistryUrl.VALIDATOR, Importance.MEDIUM,
                        SCHEMA_REGISTRY_URL_DOC, REGISTRY, ++order, Width.LONG, "Schema registry")
                .define(SCHEMA_COMPATIBILITY, Type.STRING, "BACKWARD", ConfigDef.ValidString.in(
                        SchemaRegistryClient.COMPATIBILITY_LEVELS.toArray(String[]::new)), Importance.LOW,
                        SCHEMA_COMPATIBILITY_DOC, REGISTRY, ++order, Width.SHORT, "Compatibility");
        order = 0;
        def.define(SR_KCQL, Type.STRING, null, Importance.HIGH, SR_KCQL_DOC, COMPATIBILITY, ++order, Width.LONG,
                "KCQL");
        for (Map.Entry<String, String> alias : STREAM_REACTOR_KEYS.entrySet()) {
            Type type = StreamReactorKeys.isPassword(alias.getKey()) ? Type.PASSWORD : Type.STRING;
            def.define(alias.getKey(), type, null, Importance.LOW, "Stream Reactor's name for " + alias.getValue()
                    + ".", COMPATIBILITY, ++order, Width.MEDIUM, alias.getKey());
        }
        return def;
    }

    public CassandraConnection connection() {
        return CassandraConnectionConfig.settings(this);
    }

    public String keyspace() {
        return getString(CassandraConnectionConfig.KEYSPACE);
    }

    public List<String> tables() {
        return getList(TABLES);
    }

    public Mode mode() {
        return Mode.valueOf(getString(MODE).trim().toUpperCase(Locale.ROOT));
    }

    public String incrementalColumn() {
        return getString(INCREMENTAL_COLUMN).trim();
    }

    public List<String> columns() {
        return getList(COLUMNS);
    }

    public boolean unwrap() {
        return getBoolean(UNWRAP);
    }

    public String topic(String keyspace, String table) {
        return getString(TOPIC_FORMAT).replace("${keyspace}", keyspace).replace("${table}", table);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    public long delayMs() {
        return getLong(DELAY_MS);
    }

    public int fetchSize() {
        return getInt(FETCH_SIZE);
    }

    public int maxRowsPerPoll() {
        return getInt(MAX_ROWS_PER_POLL);
    }

    public long bulkIntervalMs() {
        return getLong(BULK_INTERVAL_MS);
    }

    public int bulkSplits(int tasks) {
        int configured = getInt(BULK_SPLITS);
        return configured > 0 ? configured : Math.max(16, 16 * tasks);
    }

    public long timeSliceMs() {
        return getLong(TIME_SLICE_MS);
    }

    public int maxBoundaryKeys() {
        return getInt(MAX_BOUNDARY_KEYS);
    }

    /** The registry rows' schemas are checked with before they are read, if any. */
    public Optional<RegistryUrl> schemaRegistry() {
        Optional<RegistryUrl> configured = RegistryUrl.fromSetting(getString(SCHEMA_REGISTRY_URL));
        if (configured.isPresent()) {
            return configured;
        }
        for (String key : CONVERTER_REGISTRY_KEYS) {
            Object value = originals().get(key);
            if (value != null && !value.toString().isBlank()) {
                try {
                    return Optional.of(RegistryUrl.of(value.toString()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, value, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    public String schemaCompatibility() {
        return getString(SCHEMA_COMPATIBILITY);
    }

    public Optional<String> kcql() {
        return Optional.ofNullable(getString(SR_KCQL)).filter(text -> !text.isBlank());
    }

    /** Where incremental reading starts: accepts ISO-8601, Stream Reactor's format and epoch milliseconds. */
    public Instant initialOffset() {
        String text = getString(INITIAL_OFFSET).trim();
        try {
            if (text.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            String iso = text.replace(' ', 'T');
            try {
                return Instant.parse(iso);
            } catch (DateTimeParseException notInstant) {
                return OffsetDateTime.parse(iso).toInstant();
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ConfigException(INITIAL_OFFSET, text,
                    "use ISO-8601 (2018-01-22T00:00:00Z), Stream Reactor's form "
                    + "(2018-01-22 00:00:00.0000000Z) or epoch milliseconds");
        }
    }
}
