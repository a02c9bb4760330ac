package io.ckbridge.ops;

import io.ckbridge.common.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final String LAG = "Lag";
    public static final String LAG_WINDOW_COMMITS = "lag.window.commits";
    private static final String LAG_WINDOW_COMMITS_DOC = "Commits judged per partition (Burrow's intervals).";
    public static final String LAG_MIN_DISTANCE_MS = "lag.min.distance.ms";
    private static final String LAG_MIN_DISTANCE_MS_DOC = "Commits closer together than this replace the newest "
            + "in the window (Burrow's min-distance).";
    public static final String LAG_STOP_MIN_MS = "lag.stop.min.ms";
    private static final String LAG_STOP_MIN_MS_DOC = "The shortest silence judged STOP, however short the window "
            + "spans (Kafka Connect commits once a minute by default).";

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
                        MATERIALIZER_APPLICATION_IDS_DOC, WATCHED, ++order, Width.LONG, "Materializer ids");
        KafkaClientProperties.define(def, WATCHED, ++order);
        order = 0;
        def.define(LAG_WINDOW_COMMITS, Type.INT, 10, Range.between(2, 1000), Importance.LOW,
                        LAG_WINDOW_COMMITS_DOC, LAG, ++order, Width.SHORT, "Window (commits)")
                .define(LAG_MIN_DISTANCE_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                        LAG_MIN_DISTANCE_MS_DOC, LAG, ++order, Width.SHORT, "Min distance (ms)")
                .define(LAG_STOP_MIN_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW, LAG_STOP_MIN_MS_DOC,
                        LAG, ++order, Width.SHORT, "Min STOP (ms)");
        return def;
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
