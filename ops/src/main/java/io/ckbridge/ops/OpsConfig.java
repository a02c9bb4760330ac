package io.ckbridge.ops;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.registry.RegistryUrl;
import io.ckbridge.ops.repair.RepairSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The ops server's settings: what it watches (Kafka, Kafka Connect, the Cassandra nodes over
 * JMX, the CDC publishers and the materializer) and how it judges lag. {@code bridge ops}'s options
 * and its {@code --config} file feed these keys.
 */
public final class OpsConfig extends AbstractConfig {
    private static final String SERVER = "Server";
    public static final String BIND_ADDRESS = "ops.bind.address";
    private static final String BIND_ADDRESS_DOC = "Address the dashboard and API listen on; loopback unless "
            + "others must reach it (the API can pause, restart and delete).";
    public static final String PORT = "ops.port";
    private static final String PORT_DOC = "HTTP port of the dashboard, /api, /metrics and /health; 0: any free port.";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    private static final String POLL_INTERVAL_MS_DOC = "How often everything is read: one point of every chart.";
    public static final String HISTORY_MINUTES = "history.minutes";
    private static final String HISTORY_MINUTES_DOC = "How much of every series is kept in memory for the charts.";

    private static final String WATCHED = "Watched";
    public static final String CONNECT_URL = "connect.url";
    private static final String CONNECT_URL_DOC = "Kafka Connect REST URL; empty: no connectors are shown.";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers (host:port,...).";
    public static final String CASSANDRA_JMX = "cassandra.jmx";
    private static final String CASSANDRA_JMX_DOC = "Cassandra nodes' JMX endpoints, host:port,...";
    public static final String JMX_USERNAME = "cassandra.jmx.username";
    private static final String JMX_USERNAME_DOC = "JMX user, when the nodes' JMX checks passwords.";
    public static final String JMX_PASSWORD = "cassandra.jmx.password";
    private static final String JMX_PASSWORD_DOC = "JMX password.";
    public static final String PUBLISHER_METRICS = "publisher.metrics";
    private static final String PUBLISHER_METRICS_DOC = "The CDC publishers' /metrics URLs, one per node.";
    public static final String MATERIALIZER_METRICS = "materializer.metrics";
    private static final String MATERIALIZER_METRICS_DOC = "The materializer's /metrics URL; empty: not watched.";
    public static final String MATERIALIZER_APPLICATION_IDS = "materializer.application.ids";
    private static final String MATERIALIZER_APPLICATION_IDS_DOC = "Kafka Streams application ids of "
            + "materializers: their consumer groups are shown as the materializer's.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "A schema registry with the Confluent-compatible API "
            + "(Apicurio Registry's root or /apis/ccompat/v7, or Confluent's): its subjects, versions and "
            + "compatibility levels are shown; empty: not shown.";

    private static final String DIAGNOSIS = "Diagnosis";
    public static final String LOGS = "logs";
    private static final String LOGS_DOC = "Servers' log files, or folders of *.log files (the sandbox's logs/), "
            + "read as they grow: the log findings (GC pauses, dropped mutations, tombstones, killed tasks, ...).";
    public static final String CASSANDRA_YAML = "cassandra.yaml";
    private static final String CASSANDRA_YAML_DOC = "The nodes' cassandra.yaml files, judged by the config findings.";
    public static final String CONNECT_WORKER_PROPERTIES = "connect.worker.properties";
    private static final String CONNECT_WORKER_PROPERTIES_DOC = "The Connect worker's properties file (its "
            + "converters are the connectors' defaults); empty: not read.";
    public static final String CDC_LATENCY_GOAL_MS = "cdc.latency.goal.ms";
    private static final String CDC_LATENCY_GOAL_MS_DOC = "The CDC latency wanted: a commit-log sync period longer "
            + "than it is a finding.";
    public static final String LOG_WINDOW_MINUTES = "log.findings.window.minutes";
    private static final String LOG_WINDOW_MINUTES_DOC = "A log line makes a finding for this long after it was "
            + "written.";

    private static final String LAG = "Lag";
    public static final String LAG_WINDOW_COMMITS = "lag.window.commits";
    private static final String LAG_WINDOW_COMMITS_DOC = "Commits judged per partition (Burrow's intervals).";
    public static final String LAG_MIN_DISTANCE_MS = "lag.min.distance.ms";
    private static final String LAG_MIN_DISTANCE_MS_DOC = "Commits closer together than this replace the newest "
            + "in the window (Burrow's min-distance).";
    public static final String LAG_STOP_MIN_MS = "lag.stop.min.ms";
    private static final String LAG_STOP_MIN_MS_DOC = "The shortest silence judged STOP, however short the window "
            + "spans (Kafka Connect commits once a minute by default).";

    private static final String REPAIR = "Repair";
    public static final String REPAIR_ENABLED = "repair.enabled";
    private static final String REPAIR_ENABLED_DOC = "Run and schedule repairs: needs the cassandra.* connection keys "
            + "(the state is kept in Cassandra) and cassandra.jmx.";
    public static final String REPAIR_KEYSPACE = "repair.keyspace";
    private static final String REPAIR_KEYSPACE_DOC = "Keyspace of the repair state (runs, segments, schedules, "
            + "leases), created on first use.";
    public static final String REPAIR_REPLICATION = "repair.keyspace.replication";
    private static final String REPAIR_REPLICATION_DOC = "Its replication when created, datacenter:factor,...; "
            + "empty: each data centre with 3 replicas or as many as it has nodes.";
    public static final String REPAIR_SEGMENT_TIMEOUT_MS = "repair.segment.timeout.ms";
    private static final String REPAIR_SEGMENT_TIMEOUT_MS_DOC = "A segment's first attempt is aborted after this; "
            + "attempt k waits k times as long.";
    public static final String REPAIR_SEGMENT_ATTEMPTS = "repair.segment.attempts";
    private static final String REPAIR_SEGMENT_ATTEMPTS_DOC = "Attempts of a segment before it is counted failed.";
    public static final String REPAIR_PENDING_COMPACTIONS_MAX = "repair.pending.compactions.max";
    private static final String REPAIR_PENDING_COMPACTIONS_MAX_DOC = "A segment waits while one of its replicas has "
            + "more pending compactions than this.";
    public static final String REPAIR_SEGMENTS_RUNNING_MAX = "repair.segments.running.max";
    private static final String REPAIR_SEGMENTS_RUNNING_MAX_DOC = "Segments this instance repairs at once (never two "
            + "on one replica).";
    public static final String REPAIR_LEASE_TTL_MS = "repair.lease.ttl.ms";
    private static final String REPAIR_LEASE_TTL_MS_DOC = "How long a segment's lease outlives its last renewal: "
            + "another instance takes over a dead one's segment after it.";
    public static final String REPAIR_OWNER = "repair.owner";
    private static final String REPAIR_OWNER_DOC = "This instance's name in the leases; keep it across restarts "
            + "(empty: host name and port).";
    public static final String REPAIR_POSTPONE_RECHECK_MS = "repair.postpone.recheck.ms";
    private static final String REPAIR_POSTPONE_RECHECK_MS_DOC = "How long a postponed segment waits before its "
            + "replicas are checked again.";

    public static final ConfigDef DEFINITION = definition();

    public OpsConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(BIND_ADDRESS, Type.STRING, "127.0.0.1", Importance.MEDIUM, BIND_ADDRESS_DOC, SERVER, ++order,
                        Width.MEDIUM, "Bind address")
                .define(PORT, Type.INT, 8088, Range.between(0, 65535), Importance.HIGH, PORT_DOC, SERVER, ++order,
                        Width.SHORT, "Port")
                .define(POLL_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                        POLL_INTERVAL_MS_DOC, SERVER, ++order, Width.SHORT, "Poll interval (ms)")
                .define(HISTORY_MINUTES, Type.INT, 60, Range.between(1, 24 * 60), Importance.LOW,
                        HISTORY_MINUTES_DOC, SERVER, ++order, Width.SHORT, "History (minutes)");
        order = 0;
        def.define(CONNECT_URL, Type.STRING, "", Importance.HIGH, CONNECT_URL_DOC, WATCHED, ++order, Width.LONG,
                        "Kafka Connect")
                .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, BOOTSTRAP_SERVERS_DOC, WATCHED, ++order, Width.LONG, "Kafka")
                .define(CASSANDRA_JMX, Type.LIST, "", Importance.HIGH, CASSANDRA_JMX_DOC, WATCHED, ++order,
                        Width.LONG, "Cassandra JMX")
                .define(JMX_USERNAME, Type.STRING, "", Importance.MEDIUM, JMX_USERNAME_DOC, WATCHED, ++order,
                        Width.MEDIUM, "JMX user")
                .define(JMX_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, JMX_PASSWORD_DOC, WATCHED, ++order,
                        Width.MEDIUM, "JMX password")
                .define(PUBLISHER_METRICS, Type.LIST, "", Importance.MEDIUM, PUBLISHER_METRICS_DOC, WATCHED,
                        ++order, Width.LONG, "Publishers")
                .define(MATERIALIZER_METRICS, Type.STRING, "", Importance.MEDIUM, MATERIALIZER_METRICS_DOC,
                        WATCHED, ++order, Width.LONG, "Materializer")
                .define(MATERIALIZER_APPLICATION_IDS, Type.LIST, "ckbridge-materializer", Importance.LOW,
                        MATERIALIZER_APPLICATION_IDS_DOC, WATCHED, ++order, Width.LONG, "Materializer ids")
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "", RegistryUrl.VALIDATOR, Importance.MEDIUM,
                        SCHEMA_REGISTRY_URL_DOC, WATCHED, ++order, Width.LONG, "Schema registry");
        KafkaClientProperties.define(def, WATCHED, ++order);
        order = 0;
        def.define(LOGS, Type.LIST, "", Importance.MEDIUM, LOGS_DOC, DIAGNOSIS, ++order, Width.LONG, "Logs")
                .define(CASSANDRA_YAML, Type.LIST, "", Importance.MEDIUM, CASSANDRA_YAML_DOC, DIAGNOSIS, ++order,
                        Width.LONG, "cassandra.yaml")
                .define(CONNECT_WORKER_PROPERTIES, Type.STRING, "", Importance.LOW, CONNECT_WORKER_PROPERTIES_DOC,
                        DIAGNOSIS, ++order, Width.LONG, "Connect worker properties")
                .define(CDC_LATENCY_GOAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        CDC_LATENCY_GOAL_MS_DOC, DIAGNOSIS, ++order, Width.SHORT, "CDC latency goal (ms)")
                .define(LOG_WINDOW_MINUTES, Type.INT, 15, Range.between(1, 24 * 60), Importance.LOW,
                        LOG_WINDOW_MINUTES_DOC, DIAGNOSIS, ++order, Width.SHORT, "Log window (minutes)");
        order = 0;
        def.define(LAG_WINDOW_COMMITS, Type.INT, 10, Range.between(2, 1000), Importance.LOW,
                        LAG_WINDOW_COMMITS_DOC, LAG, ++order, Width.SHORT, "Window (commits)")
                .define(LAG_MIN_DISTANCE_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                        LAG_MIN_DISTANCE_MS_DOC, LAG, ++order, Width.SHORT, "Min distance (ms)")
                .define(LAG_STOP_MIN_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW, LAG_STOP_MIN_MS_DOC,
                        LAG, ++order, Width.SHORT, "Min STOP (ms)");
        order = 0;
        def.define(REPAIR_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM, REPAIR_ENABLED_DOC, REPAIR, ++order,
                        Width.SHORT, "Repair")
                .define(REPAIR_KEYSPACE, Type.STRING, "bridge_repair", new ConfigDef.NonEmptyString(), Importance.LOW,
                        REPAIR_KEYSPACE_DOC, REPAIR, ++order, Width.MEDIUM, "State keyspace")
                .define(REPAIR_REPLICATION, Type.STRING, "", Importance.LOW, REPAIR_REPLICATION_DOC, REPAIR, ++order,
                        Width.MEDIUM, "State replication")
                .define(REPAIR_SEGMENT_TIMEOUT_MS, Type.LONG, 30 * 60_000L, Range.atLeast(1_000), Importance.LOW,
                        REPAIR_SEGMENT_TIMEOUT_MS_DOC, REPAIR, ++order, Width.SHORT, "Segment timeout (ms)")
                .define(REPAIR_SEGMENT_ATTEMPTS, Type.INT, 3, Range.between(1, 100), Importance.LOW,
                        REPAIR_SEGMENT_ATTEMPTS_DOC, REPAIR, ++order, Width.SHORT, "Attempts")
                .define(REPAIR_PENDING_COMPACTIONS_MAX, Type.INT, 20, Range.atLeast(0), Importance.LOW,
                        REPAIR_PENDING_COMPACTIONS_MAX_DOC, REPAIR, ++order, Width.SHORT, "Max pending compactions")
                .define(REPAIR_SEGMENTS_RUNNING_MAX, Type.INT, 2, Range.between(1, 64), Importance.LOW,
                        REPAIR_SEGMENTS_RUNNING_MAX_DOC, REPAIR, ++order, Width.SHORT, "Segments at once")
                .define(REPAIR_LEASE_TTL_MS, Type.LONG, 60_000L, Range.atLeast(3_000), Importance.LOW,
                        REPAIR_LEASE_TTL_MS_DOC, REPAIR, ++order, Width.SHORT, "Lease TTL (ms)")
                .define(REPAIR_OWNER, Type.STRING, "", Importance.LOW, REPAIR_OWNER_DOC, REPAIR, ++order, Width.MEDIUM,
                        "Owner")
                .define(REPAIR_POSTPONE_RECHECK_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                        REPAIR_POSTPONE_RECHECK_MS_DOC, REPAIR, ++order, Width.SHORT, "Postpone recheck (ms)");
        CassandraConnectionConfig.defineConnection(def);
        return def;
    }

    public List<Path> logs() {
        return getList(LOGS).stream().map(Path::of).toList();
    }

    public List<Path> cassandraYamls() {
        return getList(CASSANDRA_YAML).stream().map(Path::of).toList();
    }

    public Optional<Path> connectWorkerProperties() {
        String file = getString(CONNECT_WORKER_PROPERTIES);
        return file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
    }

    public long cdcLatencyGoalMs() {
        return getLong(CDC_LATENCY_GOAL_MS);
    }

    public Duration logWindow() {
        return Duration.ofMinutes(getInt(LOG_WINDOW_MINUTES));
    }

    /** Whether Cassandra's contact points were given (for repair or the keyspaces' replication). */
    public boolean cassandraGiven() {
        return originals().containsKey(CassandraConnectionConfig.CONTACT_POINTS);
    }

    public boolean repairEnabled() {
        return getBoolean(REPAIR_ENABLED);
    }

    /** The runner's settings; {@code defaultOwner} when repair.owner is empty. */
    public RepairSettings repairSettings(String defaultOwner) {
        String owner = getString(REPAIR_OWNER);
        return new RepairSettings(Duration.ofMillis(getLong(REPAIR_SEGMENT_TIMEOUT_MS)),
                getInt(REPAIR_SEGMENT_ATTEMPTS),
                getInt(REPAIR_PENDING_COMPACTIONS_MAX), getInt(REPAIR_SEGMENTS_RUNNING_MAX),
                Duration.ofMillis(getLong(REPAIR_LEASE_TTL_MS)), owner.isBlank() ? defaultOwner : owner,
                Duration.ofMillis(getLong(REPAIR_POSTPONE_RECHECK_MS)), Duration.ofSeconds(1));
    }

    public String bindAddress() {
        return getString(BIND_ADDRESS);
    }

    public int port() {
        return getInt(PORT);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    public int historyMinutes() {
        return getInt(HISTORY_MINUTES);
    }

    public String connectUrl() {
        return getString(CONNECT_URL);
    }

    public List<String> cassandraJmx() {
        return getList(CASSANDRA_JMX);
    }

    public String jmxUsername() {
        return getString(JMX_USERNAME);
    }

    public Password jmxPassword() {
        return getPassword(JMX_PASSWORD);
    }

    public List<String> publisherMetrics() {
        return getList(PUBLISHER_METRICS);
    }

    public String materializerMetrics() {
        return getString(MATERIALIZER_METRICS);
    }

    /** The schema registry whose subjects are shown, if one is configured. */
    public Optional<RegistryUrl> schemaRegistry() {
        return RegistryUrl.fromSetting(getString(SCHEMA_REGISTRY_URL));
    }

    public List<String> materializerApplicationIds() {
        return getList(MATERIALIZER_APPLICATION_IDS);
    }

    public int lagWindowCommits() {
        return getInt(LAG_WINDOW_COMMITS);
    }

    public long lagMinDistanceMs() {
        return getLong(LAG_MIN_DISTANCE_MS);
    }

    public long lagStopMinMs() {
        return getLong(LAG_STOP_MIN_MS);
    }

    /** Every Kafka client's settings: the brokers, and the security settings of the client properties file. */
    public Map<String, Object> kafkaClient(String clientId) {
        Map<String, Object> base = new HashMap<>();
        base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS));
        base.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        String file = getString(KafkaClientProperties.CLIENT_CONFIG);
        return KafkaClientProperties.over(base, KafkaClientProperties.load(file));
    }
}
