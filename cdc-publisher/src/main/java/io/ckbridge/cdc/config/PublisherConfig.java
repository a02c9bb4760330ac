package io.ckbridge.cdc.config;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The CDC publisher's settings: which node it reads (its cassandra.yaml, and the connection it
 * asks for the node's schema, with the connectors' {@code cassandra.*} keys), and where and how it
 * publishes. The command line's options feed these keys ({@code CdcPublisherMain}).
 */
public final class PublisherConfig extends AbstractConfig {
    private static final String NODE = "Node";
    public static final String CASSANDRA_YAML = "cassandra.yaml";
    private static final String CASSANDRA_YAML_DOC = "The node's cassandra.yaml: where its commit log and cdc_raw are, "
            + "its address and data centre.";
    public static final String NODE_ID = "node.id";
    private static final String NODE_ID_DOC = "Name of the node in the messages. Empty: its listen address.";
    public static final String STATE_DIR = "state.dir";
    private static final String STATE_DIR_DOC = "Where the published position is kept.";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How often cdc_raw is checked.";
    public static final String SPACE_CHECK_INTERVAL_MS = "space.check.interval.ms";
    private static final String SPACE_CHECK_INTERVAL_MS_DOC = "How often cdc_raw's size is measured against "
            + "cdc_total_space (a warning above 80%), whatever the publishing is doing.";
    public static final String METRICS_PORT = "metrics.port";
    private static final String METRICS_PORT_DOC = "HTTP port of /metrics and /health on 127.0.0.1; 0: any free port.";

    private static final String KAFKA = "Kafka";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers (host:port,...).";
    public static final String TOPIC_PREFIX = "topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Raw changes go to <prefix>.raw.<keyspace>.<table>.";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    private static final String TOPIC_PARTITIONS_DOC = "Partitions of the raw topics it creates.";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of the raw topics it creates.";

    private static final String FAILURES = "Failures";
    public static final String DAMAGED_SEGMENT_POLICY = "damaged.segment.policy";
    private static final String DAMAGED_SEGMENT_POLICY_DOC = "When a segment cannot be read below its durable offset: "
            + "'stop' waits at it (later segments too) until a person runs skip-segment; 'quarantine' moves it, once "
            + "complete, to <state.dir>/quarantine and goes on with later segments. Either way /health is 503 "
            + "and nothing past the damage is lost without a decision.";
    public static final String POLICY_STOP = "stop";
    public static final String POLICY_QUARANTINE = "quarantine";
    public static final String UNREADABLE_RETRY_MAX_MS = "unreadable.retry.max.ms";
    private static final String UNREADABLE_RETRY_MAX_MS_DOC = "How long a mutation the schema cannot decode (a table "
            + "or column the node's schema lacks) is retried after schema reloads before it is written to "
            + "<state.dir>/quarantine/unreadable-mutations.jsonl with its bytes.";
    public static final String HEALTH_MAX_FAILED_PASSES = "health.max.failed.passes";
    private static final String HEALTH_MAX_FAILED_PASSES_DOC = "Passes over cdc_raw failing in a row (Kafka refusing, "
            + "an unreadable index or mutation) after which /health answers 503.";

    public static final ConfigDef DEFINITION = definition();

    public PublisherConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(CASSANDRA_YAML, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, CASSANDRA_YAML_DOC, NODE, ++order, Width.LONG, "cassandra.yaml")
                .define(NODE_ID, Type.STRING, "", Importance.MEDIUM, NODE_ID_DOC, NODE, ++order, Width.MEDIUM,
                        "Node id")
                .define(STATE_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, STATE_DIR_DOC, NODE, ++order, Width.LONG, "State folder")
                .define(POLL_INTERVAL_MS, Type.LONG, 20L, Range.atLeast(1), Importance.LOW, POLL_INTERVAL_MS_DOC,
                        NODE, ++order, Width.SHORT, "Poll interval (ms)")
                .define(SPACE_CHECK_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
                        SPACE_CHECK_INTERVAL_MS_DOC, NODE, ++order, Width.SHORT, "Space check interval (ms)")
                .define(METRICS_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW, METRICS_PORT_DOC, NODE,
                        ++order, Width.SHORT, "Metrics port");
        order = 0;
        def.define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, BOOTSTRAP_SERVERS_DOC,
                        KAFKA, ++order, Width.LONG, "Kafka")
                .define(TOPIC_PREFIX, Type.STRING, "cdc", Importance.HIGH, TOPIC_PREFIX_DOC, KAFKA, ++order,
                        Width.SHORT, "Topic prefix")
                .define(TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM, TOPIC_PARTITIONS_DOC,
                        KAFKA, ++order, Width.SHORT, "Topic partitions")
                .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                        TOPIC_REPLICATION_FACTOR_DOC, KAFKA, ++order, Width.SHORT, "Topic replication");
        KafkaClientProperties.define(def, KAFKA, ++order);
        order = 0;
        def.define(DAMAGED_SEGMENT_POLICY, Type.STRING, POLICY_STOP,
                        ConfigDef.ValidString.in(POLICY_STOP, POLICY_QUARANTINE), Importance.MEDIUM,
                        DAMAGED_SEGMENT_POLICY_DOC, FAILURES, ++order, Width.SHORT, "Damaged segments")
                .define(UNREADABLE_RETRY_MAX_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.LOW,
                        UNREADABLE_RETRY_MAX_MS_DOC, FAILURES, ++order, Width.SHORT, "Unreadable retry (ms)")
                .define(HEALTH_MAX_FAILED_PASSES, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                        HEALTH_MAX_FAILED_PASSES_DOC, FAILURES, ++order, Width.SHORT, "Failed passes for 503");
        // The node's schema is read over CQL: the connectors' connection keys, every keyspace.
        return CassandraConnectionConfig.defineConnection(def);
    }

    public Path cassandraYaml() {
        return Path.of(getString(CASSANDRA_YAML));
    }

    /** The node's name in the messages (the command line fills in the listen address when none is given). */
    public String nodeId() {
        return getString(NODE_ID);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    public Duration spaceCheckInterval() {
        return Duration.ofMillis(getLong(SPACE_CHECK_INTERVAL_MS));
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS));
    }

    /** What the Kafka client properties file holds (security settings), for every client of the publisher. */
    public Map<String, Object> kafkaClientProperties() {
        return KafkaClientProperties.load(getString(KafkaClientProperties.CLIENT_CONFIG));
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public int topicPartitions() {
        return getInt(TOPIC_PARTITIONS);
    }

    public short topicReplicationFactor() {
        return getShort(TOPIC_REPLICATION_FACTOR);
    }

    /** True when a damaged segment is moved aside and later segments go on. */
    public boolean quarantineDamagedSegments() {
        return POLICY_QUARANTINE.equals(getString(DAMAGED_SEGMENT_POLICY));
    }

    public Duration unreadableRetryMax() {
        return Duration.ofMillis(getLong(UNREADABLE_RETRY_MAX_MS));
    }

    public int healthMaxFailedPasses() {
        return getInt(HEALTH_MAX_FAILED_PASSES);
    }

    /** The connection to the node's CQL port, for its schema. */
    public CassandraConnection connection() {
        return CassandraConnectionConfig.settings(this);
    }
}
