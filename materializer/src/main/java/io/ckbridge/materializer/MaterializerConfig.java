package io.ckbridge.materializer;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.registry.RegistryUrl;
import io.ckbridge.common.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor;

/**
 * The materializer's settings: where raw changes come from and change events go, the windows that
 * bound its state, the event format, and the Cassandra connection it reads table schemas over.
 * Keys prefixed {@code streams.} pass to Kafka Streams as they are (without the prefix).
 */
public final class MaterializerConfig extends AbstractConfig {
    private static final String TOPICS = "Topics";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers (host:port,...).";
    public static final String APPLICATION_ID = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: instances with the same id share "
            + "the work; also the prefix of its internal topics.";
    public static final String TOPIC_PREFIX = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Reads <prefix>.raw.<keyspace>.<table> (the publishers' topics) and "
            + "writes <prefix>.<keyspace>.<table>.";
    public static final String OUTPUT_TOPIC_PREFIX = "output.topic.prefix";
    private static final String OUTPUT_TOPIC_PREFIX_DOC = "Writes change events to <this>.<keyspace>.<table> "
            + "instead; empty: topic.prefix. A second materializer (another application.id) writing another "
            + "envelope of the same raw changes needs its own.";
    public static final String OUTPUT_PARTITIONS = "output.partitions";
    private static final String OUTPUT_PARTITIONS_DOC = "Partitions of the change topics it creates.";
    public static final String OUTPUT_REPLICATION_FACTOR = "output.replication.factor";
    private static final String OUTPUT_REPLICATION_FACTOR_DOC = "Replication factor of the change topics it creates.";
    public static final String RAW_PARTITIONS = "raw.partitions";
    private static final String RAW_PARTITIONS_DOC =
            "Partitions of the raw topics (the publishers' --topic-partitions): "
            + "the number of tasks, fixed when the application first starts. A raw topic with more partitions stops "
            + "the materializer.";

    private static final String EVENTS = "Change Events";
    public static final String SCHEMAS_ENABLE = "output.schemas.enable";
    private static final String SCHEMAS_ENABLE_DOC =
            "true: each key and value is Kafka Connect JsonConverter JSON with "
            + "its schema embedded ({\"schema\":..., \"payload\":...}); false: the payload alone (JsonConverter with "
            + "schemas.enable=false).";

    public static final String OUTPUT_FORMAT = "output.format";
    private static final String OUTPUT_FORMAT_DOC = "json: Kafka Connect JsonConverter JSON (see "
            + "output.schemas.enable); avro: Avro in Confluent's framing (magic byte 0, 4-byte schema id, Avro binary) "
            + "through the schema registry at schema.registry.url, the key and value schemas made from the table "
            + "and registered as <topic>-key and <topic>-value.";
    public static final String OUTPUT_ENVELOPE = "output.envelope";
    private static final String OUTPUT_ENVELOPE_DOC = "bridge: our change event (op, ts, scope, before, after, "
            + "source, schemaVersion, range); debezium: Debezium's envelope (before, after, source, op, ts_ms, "
            + "schema <topic>.Envelope, key <topic>.Key), read by Debezium's ExtractNewRecordState and JDBC sink; "
            + "row events only, with output.format=json (set output.schemas.enable=true for Debezium's consumers).";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "The Apicurio Registry that output.format=avro writes "
            + "through (its root, or its /apis/ccompat/v7 or /apis/registry/v2): schemas are registered and checked "
            + "through its Confluent-compatible API, written with Apicurio's Avro serializer.";
    public static final String SCHEMA_COMPATIBILITY = "schema.compatibility";
    private static final String SCHEMA_COMPATIBILITY_DOC = "The compatibility level given to a subject the "
            + "materializer creates (a subject that exists keeps its own): BACKWARD, BACKWARD_TRANSITIVE, FORWARD, "
            + "FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or NONE. A schema the registry refuses holds its table's "
            + "changes (other tables flow) until the subject's level or the table is fixed.";
    public static final String AVRO_DECIMAL_PRECISION = "avro.decimal.precision";
    public static final String AVRO_DECIMAL_SCALE = "avro.decimal.scale";
    private static final String AVRO_DECIMAL_DOC = "Avro's decimal has one precision and scale per schema, CQL's "
            + "decimal a scale per value: decimals are written at this scale (exactly; a value with more decimal "
            + "places, or more digits than the precision, is dead-lettered with its column named). The default, "
            + "38 digits with 9 decimal places, is BigQuery's NUMERIC.";

    private static final String ORDERING = "Deduplication and Ordering";
    public static final String DEDUP_WINDOW_MS = "dedup.window.ms";
    private static final String DEDUP_WINDOW_MS_DOC = "How long the digest of an applied change is remembered, so that "
            + "its copies from other replicas are dropped without touching the row state. A copy later than this is "
            + "still recognised by its write timestamps.";
    public static final String REORDER_WINDOW_MS = "reorder.window.ms";
    private static final String REORDER_WINDOW_MS_DOC = "How long a change waits for copies and older writes to arrive "
            + "before it is applied in write-time order; 0 applies each change as it arrives (lowest latency).";
    public static final String REORDER_RELEASE_COMPLETE = "reorder.release.complete";
    private static final String REORDER_RELEASE_COMPLETE_DOC = "true: a change leaves the reorder window early once a "
            + "copy from every replica of its keyspace has arrived (and every older change before it has left): each "
            + "publisher sends its node's commit log in order, so the older writes these replicas hold have arrived "
            + "before it. false: every change waits the whole window.";
    public static final String REORDER_MAX_BUFFERED = "reorder.max.buffered";
    private static final String REORDER_MAX_BUFFERED_DOC = "Changes waiting in the reorder window per task above which "
            + "the oldest are applied early.";
    public static final String TOMBSTONE_RETENTION_MS = "tombstone.retention.ms";
    private static final String TOMBSTONE_RETENTION_MS_DOC = "How long deleted rows and deletion markers stay in the "
            + "state, so a late copy of an older write does not bring a deleted row back (Cassandra's "
            + "gc_grace_seconds plays the same role).";

    private static final String HOLDS = "Held Changes";
    public static final String UNKNOWN_TABLE_RETRY_MAX_MS = "unknown.table.retry.max.ms";
    private static final String UNKNOWN_TABLE_RETRY_MAX_MS_DOC = "How long a change of a table that is not in "
            + "Cassandra's schema (created a moment ago, or dropped) is held, its table's later changes behind it, "
            + "before it goes to the dead-letter topic.";
    public static final String UNKNOWN_TABLE_RETRY_BACKOFF_MS = "unknown.table.retry.backoff.ms";
    private static final String UNKNOWN_TABLE_RETRY_BACKOFF_MS_DOC = "How long after a change of an unknown table is "
            + "held the schema is read again; the wait doubles after each try that does not find the table.";
    public static final String UNKNOWN_TABLE_RETRY_BACKOFF_MAX_MS = "unknown.table.retry.backoff.max.ms";
    private static final String UNKNOWN_TABLE_RETRY_BACKOFF_MAX_MS_DOC = "The longest wait between two reads of the "
            + "schema for an unknown table.";
    public static final String SNAPSHOT_HOLD_TIMEOUT_MS = "snapshot.hold.timeout.ms";
    private static final String SNAPSHOT_HOLD_TIMEOUT_MS_DOC = "A running snapshot holds its table's changes until "
            + "its end marker; one that sends nothing to a partition (no row, no end) for this long is taken as "
            + "failed there, and the changes held for it are applied (with a WARN naming the table and snapshot).";

    private static final String STREAMS = "Kafka Streams";
    public static final String STATE_DIR = "state.dir";
    private static final String STATE_DIR_DOC = "Folder of the RocksDB state stores.";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2: state, change events and input offsets "
            + "commit in one transaction.";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often a transaction commits: change events become "
            + "visible to read_committed consumers then.";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    private static final String NUM_STREAM_THREADS_DOC = "Stream threads of this instance.";
    /** Keys with this prefix pass to Kafka Streams as they are, without it. */
    public static final String STREAMS_PREFIX = "streams.";

    public static final ConfigDef DEFINITION = definition();

    /** Ours, as the jar says (Debezium's source.version). */
    public static final String VERSION = Optional.ofNullable(MaterializerConfig.class.getPackage()
            .getImplementationVersion()).orElse("development");

    public MaterializerConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        if (debeziumEnvelope() && avroOutput()) {
            throw new ConfigException(OUTPUT_ENVELOPE + "=debezium is written as JSON: set " + OUTPUT_FORMAT
                    + "=json (or " + OUTPUT_ENVELOPE + "=bridge for Avro)");
        }
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, BOOTSTRAP_SERVERS_DOC,
                        TOPICS, ++order, Width.LONG, "Kafka");
        KafkaClientProperties.define(def, TOPICS, ++order)
                .define(APPLICATION_ID, Type.STRING, "ckbridge-materializer", Importance.HIGH, APPLICATION_ID_DOC,
                        TOPICS, ++order, Width.MEDIUM, "Application id")
                .define(TOPIC_PREFIX, Type.STRING, "cdc", Importance.HIGH, TOPIC_PREFIX_DOC, TOPICS, ++order,
                        Width.SHORT, "Topic prefix")
                .define(OUTPUT_TOPIC_PREFIX, Type.STRING, "", Importance.LOW, OUTPUT_TOPIC_PREFIX_DOC, TOPICS,
                        ++order, Width.SHORT, "Change topic prefix")
                .define(OUTPUT_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM, OUTPUT_PARTITIONS_DOC,
                        TOPICS, ++order, Width.SHORT, "Output partitions")
                .define(OUTPUT_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                        OUTPUT_REPLICATION_FACTOR_DOC, TOPICS, ++order, Width.SHORT, "Output replication")
                .define(RAW_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM, RAW_PARTITIONS_DOC, TOPICS,
                        ++order, Width.SHORT, "Raw topic partitions");
        order = 0;
        def.define(SCHEMAS_ENABLE, Type.BOOLEAN, false, Importance.HIGH, SCHEMAS_ENABLE_DOC, EVENTS, ++order,
                Width.SHORT, "Embed schemas");
        def.define(OUTPUT_FORMAT, Type.STRING, "json", ConfigDef.ValidString.in("json", "avro"), Importance.HIGH,
                        OUTPUT_FORMAT_DOC, EVENTS, ++order, Width.SHORT, "Output format")
                .define(OUTPUT_ENVELOPE, Type.STRING, "bridge", ConfigDef.ValidString.in("bridge", "debezium"),
                        Importance.MEDIUM, OUTPUT_ENVELOPE_DOC, EVENTS, ++order, Width.SHORT, "Envelope")
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "", RegistryUrl.VALIDATOR, Importance.HIGH,
                        SCHEMA_REGISTRY_URL_DOC, EVENTS, ++order, Width.LONG, "Schema registry")
                .define(SCHEMA_COMPATIBILITY, Type.STRING, "BACKWARD", ConfigDef.ValidString.in(
                        SchemaRegistryClient.COMPATIBILITY_LEVELS.toArray(String[]::new)),
                        Importance.MEDIUM, SCHEMA_COMPATIBILITY_DOC, EVENTS, ++order, Width.SHORT, "Compatibility")
                .define(AVRO_DECIMAL_PRECISION, Type.INT, 38, Range.between(1, 1000), Importance.LOW, AVRO_DECIMAL_DOC,
                        EVENTS, ++order, Width.SHORT, "Avro decimal precision")
                .define(AVRO_DECIMAL_SCALE, Type.INT, 9, Range.between(0, 1000), Importance.LOW, AVRO_DECIMAL_DOC,
                        EVENTS, ++order, Width.SHORT, "Avro decimal scale");
        order = 0;
        def.define(DEDUP_WINDOW_MS, Type.LONG, 600_000L, Range.atLeast(1_000), Importance.MEDIUM, DEDUP_WINDOW_MS_DOC,
                        ORDERING, ++order, Width.SHORT, "Dedup window")
                .define(REORDER_WINDOW_MS, Type.LONG, 100L, Range.atLeast(0), Importance.MEDIUM, REORDER_WINDOW_MS_DOC,
                        ORDERING, ++order, Width.SHORT, "Reorder window")
                .define(REORDER_RELEASE_COMPLETE, Type.BOOLEAN, true, Importance.LOW, REORDER_RELEASE_COMPLETE_DOC,
                        ORDERING, ++order, Width.SHORT, "Release complete changes early")
                .define(REORDER_MAX_BUFFERED, Type.INT, 20_000, Range.atLeast(1), Importance.LOW,
                        REORDER_MAX_BUFFERED_DOC, ORDERING, ++order, Width.SHORT, "Reorder buffer size")
                .define(TOMBSTONE_RETENTION_MS, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.MEDIUM,
                        TOMBSTONE_RETENTION_MS_DOC, ORDERING, ++order, Width.SHORT, "Tombstone retention");
        order = 0;
        def.define(UNKNOWN_TABLE_RETRY_MAX_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.MEDIUM,
                        UNKNOWN_TABLE_RETRY_MAX_MS_DOC, HOLDS, ++order, Width.SHORT, "Unknown table hold")
                .define(UNKNOWN_TABLE_RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(10), Importance.LOW,
                        UNKNOWN_TABLE_RETRY_BACKOFF_MS_DOC, HOLDS, ++order, Width.SHORT, "Unknown table backoff")
                .define(UNKNOWN_TABLE_RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(10), Importance.LOW,
                        UNKNOWN_TABLE_RETRY_BACKOFF_MAX_MS_DOC, HOLDS, ++order, Width.SHORT,
                        "Unknown table longest backoff")
                .define(SNAPSHOT_HOLD_TIMEOUT_MS, Type.LONG, 1_800_000L, Range.atLeast(1_000), Importance.MEDIUM,
                        SNAPSHOT_HOLD_TIMEOUT_MS_DOC, HOLDS, ++order, Width.SHORT, "Snapshot hold timeout");
        order = 0;
        def.define(STATE_DIR, Type.STRING, System.getProperty("java.io.tmpdir") + "/ckbridge-materializer",
                        Importance.MEDIUM, STATE_DIR_DOC, STREAMS, ++order, Width.LONG, "State folder")
                .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                        ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                        Importance.MEDIUM, PROCESSING_GUARANTEE_DOC, STREAMS, ++order, Width.SHORT,
                        "Processing guarantee")
                .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(10), Importance.MEDIUM,
                        COMMIT_INTERVAL_MS_DOC, STREAMS, ++order, Width.SHORT, "Commit interval")
                .define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, NUM_STREAM_THREADS_DOC,
                        STREAMS, ++order, Width.SHORT, "Threads");
        // The Cassandra connection keys, but for the keyspace: every table's schema is read.
        return CassandraConnectionConfig.defineConnection(def);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public String rawTopicPattern() {
        return java.util.regex.Pattern.quote(topicPrefix() + ".raw.") + "[^.]+\\.[^.]+";
    }

    public String changeTopic(String keyspace, String table) {
        return outputTopicPrefix() + "." + keyspace + "." + table;
    }

    /** The prefix of change topics: output.topic.prefix, else topic.prefix. */
    public String outputTopicPrefix() {
        String own = getString(OUTPUT_TOPIC_PREFIX).trim();
        return own.isEmpty() ? topicPrefix() : own;
    }

    public String rawTopic(String keyspace, String table) {
        return topicPrefix() + ".raw." + keyspace + "." + table;
    }

    public boolean schemasEnable() {
        return getBoolean(SCHEMAS_ENABLE);
    }

    public boolean debeziumEnvelope() {
        return "debezium".equals(getString(OUTPUT_ENVELOPE));
    }

    public boolean avroOutput() {
        return "avro".equals(getString(OUTPUT_FORMAT));
    }

    /** The registry Avro output goes through; a clear error when Avro is asked for without one. */
    public RegistryUrl schemaRegistryUrl() {
        return RegistryUrl.fromSetting(getString(SCHEMA_REGISTRY_URL)).orElseThrow(() -> new ConfigException(
                OUTPUT_FORMAT + "=avro needs " + SCHEMA_REGISTRY_URL
                        + " (the Apicurio Registry's URL, e.g. http://127.0.0.1:8081)"));
    }

    public String schemaCompatibility() {
        return getString(SCHEMA_COMPATIBILITY);
    }

    public int avroDecimalPrecision() {
        return getInt(AVRO_DECIMAL_PRECISION);
    }

    public int avroDecimalScale() {
        return getInt(AVRO_DECIMAL_SCALE);
    }

    public long dedupWindowMs() {
        return getLong(DEDUP_WINDOW_MS);
    }

    public boolean reorderReleaseComplete() {
        return getBoolean(REORDER_RELEASE_COMPLETE);
    }

    public long reorderWindowMs() {
        return getLong(REORDER_WINDOW_MS);
    }

    public int reorderMaxBuffered() {
        return getInt(REORDER_MAX_BUFFERED);
    }

    public long tombstoneRetentionMs() {
        return getLong(TOMBSTONE_RETENTION_MS);
    }

    public long unknownTableRetryMaxMs() {
        return getLong(UNKNOWN_TABLE_RETRY_MAX_MS);
    }

    public long unknownTableRetryBackoffMs() {
        return getLong(UNKNOWN_TABLE_RETRY_BACKOFF_MS);
    }

    public long unknownTableRetryBackoffMaxMs() {
        return getLong(UNKNOWN_TABLE_RETRY_BACKOFF_MAX_MS);
    }

    public long snapshotHoldTimeoutMs() {
        return getLong(SNAPSHOT_HOLD_TIMEOUT_MS);
    }

    public int rawPartitions() {
        return getInt(RAW_PARTITIONS);
    }

    /**
     * A raw topic of no table, with {@link #rawPartitions()} partitions: Kafka Streams sizes its
     * tasks and state changelogs by the largest matched topic when the application first starts,
     * and this one is there before any table's.
     */
    public String tasksTopic() {
        return topicPrefix() + ".raw._materializer.tasks";
    }

    public int outputPartitions() {
        return getInt(OUTPUT_PARTITIONS);
    }

    public short outputReplicationFactor() {
        return getShort(OUTPUT_REPLICATION_FACTOR);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    /** The Kafka Streams properties: ours first, then any streams.* override. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS));
        // new raw topics (tables) are found within seconds, not the default five minutes
        props.put(StreamsConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        // Fetches wait up to 20 ms for 64 KB of raw changes rather than return each few: the stream
        // thread then runs one loop (poll, process, punctuate) per batch instead of per message.
        props.put(StreamsConfig.consumerPrefix("fetch.max.wait.ms"), 20);
        props.put(StreamsConfig.consumerPrefix("fetch.min.bytes"), 64 * 1024);
        // A task reads one partition of every raw topic, most of them idle: never wait for those to
        // align timestamps (the reorder window orders by write time instead).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Exactly-once: events become visible only when their transaction commits, and the commit
        // flushes the producer, so lingering up to the commit interval costs no latency and turns a
        // stream of small produce requests (the producer's network thread was 40% of the instance's
        // CPU, and each request costs the broker too) into about one per commit.
        boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.producerPrefix("linger.ms"), exactlyOnce ? getLong(COMMIT_INTERVAL_MS) : 5L);
        props.put(StreamsConfig.producerPrefix("batch.size"), 256 * 1024);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // Tasks move straight to their new instance (which restores their state first) instead of
        // warming up there as standbys: Kafka Streams fails to promote a warm-up task whose pattern
        // subscription gained a topic meanwhile ("topic ... is unknown to the topology"), and new
        // tables' raw topics appear at any time here.
        props.put(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG, StickyTaskAssignor.class.getName());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                io.ckbridge.materializer.topology.BoundedRocksDbMemory.class);
        // Security settings reach Streams' consumers, producers and admin client unprefixed.
        kafkaClientProperties().forEach((key, value) -> {
            if (!key.equals(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                props.put(key, value);
            }
        });
        Map<String, Object> overrides = new HashMap<>(originalsWithPrefix(STREAMS_PREFIX));
        props.putAll(overrides);
        return props;
    }

    /** The Kafka client properties file's settings (security): for every Kafka client of the materializer. */
    public Map<String, Object> kafkaClientProperties() {
        return KafkaClientProperties.load(getString(KafkaClientProperties.CLIENT_CONFIG));
    }
}
