package io.ckbridge.cli.day2;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.SandboxSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The load of a rehearsal, through every path at once: producer → sink → Cassandra, writes to a
 * CDC table → publishers → materializer, and the source connector polling that table. Everything
 * lives in keyspace {@code day2}, made anew for each rehearsal with its topics and connectors.
 */
final class Workload implements AutoCloseable {
    static final String KEYSPACE = "day2";
    static final String SINK_CONNECTOR = "day2-sink";
    static final String SOURCE_CONNECTOR = "day2-source";
    static final int SINK_TASKS = 2;
    static final String SOURCE_TOPIC = "day2.events";
    static final String CHANGE_TOPIC = "cdc.day2.events";

    private final Sandbox sandbox;
    private final Day2Settings settings;
    private final Timeline timeline;
    private final ConnectClient connect;
    private final CqlSession session;
    private SinkLoad sink;
    private TableWriter writer;
    private TopicArrivals changes;
    private TopicArrivals source;
    private List<String> sinkColumns = new ArrayList<>(List.of("origin"));

    Workload(Sandbox sandbox, Day2Settings settings, Timeline timeline) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.timeline = timeline;
        this.connect = new ConnectClient(sandbox.access().connectUrl());
        // every node as a contact point: the session outlives any one node's restart
        Map<String, String> cassandra = new LinkedHashMap<>(sandbox.access().cassandraSettings());
        cassandra.put(CassandraConnectionConfig.CONTACT_POINTS, String.join(",", contactPoints()));
        cassandra.put(CassandraConnectionConfig.REQUEST_TIMEOUT_MS, "30000");
        this.session = SessionFactory.open(CassandraConnectionConfig.connection(cassandra), "day2", SessionTuning.NONE);
    }

    private List<String> contactPoints() {
        List<String> points = new ArrayList<>();
        for (int i = 1; i <= sandbox.settings().nodes(); i++) {
            points.add(SandboxSettings.nodeAddress(i) + ":" + sandbox.settings().cassandraPort());
        }
        return points;
    }

    CqlSession session() {
        return session;
    }

    ConnectClient connect() {
        return connect;
    }

    SinkLoad sink() {
        return sink;
    }

    TableWriter writer() {
        return writer;
    }

    TopicArrivals changes() {
        return changes;
    }

    TopicArrivals source() {
        return source;
    }

    /** Drops what an earlier rehearsal left, makes the tables, topics and connectors, and waits until they run. */
    void prepare() throws Exception {
        timeline.say("preparing keyspace " + KEYSPACE + ", topics and connectors");
        connect.deleteWithOffsets(SINK_CONNECTOR);
        connect.deleteWithOffsets(SOURCE_CONNECTOR);
        session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
        try (Admin admin = Admin.create(sandbox.access().kafkaClient(Map.of()))) {
            recreateTopic(admin, SinkLoad.TOPIC, SinkLoad.PARTITIONS);
            recreateTopic(admin, SOURCE_TOPIC, 1);
        }
        int replicas = Math.min(3, sandbox.settings().nodes());
        session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
                + SandboxSettings.DATACENTER + "': " + replicas + "}");
        session.execute("CREATE TABLE " + KEYSPACE + "." + SinkLoad.TABLE
                + " (bucket int PRIMARY KEY, seqs list<bigint>, origin text)");
        session.execute("CREATE TABLE " + KEYSPACE + "." + TableWriter.TABLE
                + " (id bigint PRIMARY KEY, written timestamp, origin text) WITH cdc = true");
        connect.put(SINK_CONNECTOR, sinkConfig());
        connect.put(SOURCE_CONNECTOR, sourceConfig());
        awaitConnectorsRunning(Duration.ofSeconds(90));
        Duration probe = new PathProbe(sandbox.access(), session).await(KEYSPACE + "." + TableWriter.TABLE,
                List.of(CHANGE_TOPIC, SOURCE_TOPIC), Duration.ofSeconds(90));
        timeline.say(String.format("a first row reached %s and %s in %.1f s", CHANGE_TOPIC, SOURCE_TOPIC,
                probe.toMillis() / 1000.0));
    }

    private static void recreateTopic(Admin admin, String topic, int partitions) throws Exception {
        try {
            admin.deleteTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                // the deleted topic is still being removed
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private Map<String, String> connection() {
        Map<String, String> config = new LinkedHashMap<>(sandbox.access().connectorSettings());
        config.put(CassandraConnectionConfig.CONTACT_POINTS, String.join(",", contactPoints().stream()
                .map(point -> point.substring(0, point.lastIndexOf(':'))).toList()));
        config.put(CassandraConnectionConfig.KEYSPACE, KEYSPACE);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    /** Exactly-once (offsets in Cassandra with the data), appends, at QUORUM: see {@link SinkLoad}. */
    Map<String, String> sinkConfig() {
        Map<String, String> config = connection();
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        config.put("tasks.max", Integer.toString(SINK_TASKS));
        config.put("topics", SinkLoad.TOPIC);
        config.put("cassandra.write.mode", "Update");
        config.put("cassandra.update.collections", "APPEND");
        config.put("cassandra.offset.storage.table", "sink_offsets");
        config.put("cassandra.consistency.level", "QUORUM");
        List<String> mapping = new ArrayList<>(List.of("bucket=value.bucket", "seqs=value.seqs"));
        sinkColumns.forEach(column -> mapping.add(column + "=value." + column));
        config.put("topic." + SinkLoad.TOPIC + "." + KEYSPACE + "." + SinkLoad.TABLE + ".mapping",
                String.join(", ", mapping));
        return config;
    }

    Map<String, String> sourceConfig() {
        Map<String, String> config = connection();
        config.put("connector.class", "io.ckbridge.source.CassandraSourceConnector");
        config.put("tasks.max", "1");
        config.put("cassandra.source.tables", TableWriter.TABLE);
        config.put("cassandra.source.incremental.column", "written");
        config.put("cassandra.source.topic.format", "${keyspace}.${table}");
        config.put("cassandra.source.poll.interval.ms", "1000");
        config.put("cassandra.source.delay.ms", "2000");
        config.put("cassandra.consistency.level", "QUORUM");
        return config;
    }

    /** The sink's mapping names these columns besides the key and the list (a new config; its tasks restart). */
    void sinkColumns(List<String> columns) {
        sinkColumns = new ArrayList<>(columns);
        connect.put(SINK_CONNECTOR, sinkConfig());
    }

    boolean connectorsRunning() {
        try {
            return connect.isRunning(SINK_CONNECTOR, SINK_TASKS) && connect.isRunning(SOURCE_CONNECTOR, 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    void awaitConnectorsRunning(Duration limit) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!connectorsRunning()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("connectors " + SINK_CONNECTOR + " and " + SOURCE_CONNECTOR
                        + " not RUNNING within " + limit.toSeconds() + " s: " + statusOf(SINK_CONNECTOR) + "; "
                        + statusOf(SOURCE_CONNECTOR));
            }
            Thread.sleep(250);
        }
    }

    private String statusOf(String connector) {
        try {
            JsonNode status = connect.status(connector);
            return connector + " " + status.path("connector").path("state").asText() + ", tasks "
                    + status.path("tasks").findValuesAsText("state");
        } catch (RuntimeException e) {
            return connector + ": " + e.getMessage();
        }
    }

    /** Starts the watchers of both topics from now, then the two loads. */
    void start() {
        SandboxAccess access = sandbox.access();
        long from = System.currentTimeMillis();
        writer = new TableWriter(session, settings.rate());
        sink = new SinkLoad(access, session, settings.rate());
        changes = new TopicArrivals("cdc", access, CHANGE_TOPIC, from, timeline.startNanos(), writer.sent(),
                event -> event.path("op").asText().equals("d") ? null : event.path("after"));
        source = new TopicArrivals("source", access, SOURCE_TOPIC, from, timeline.startNanos(), writer.sent(),
                value -> value);
        changes.start();
        source.start();
        writer.start();
        sink.start();
    }

    /** Stops both loads; what was sent is then awaited at the other ends. */
    void stopWrites() throws InterruptedException {
        writer.stop();
        sink.stopProducing();
    }

    /** Waits until each path delivered what was written, or nothing new came for {@code stall}. */
    void awaitDelivered(Duration limit, Duration stall) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastProgress = System.nanoTime();
        long lastTotal = -1;
        while (System.nanoTime() < deadline) {
            long written = writer.acknowledged();
            long total = sink.arrivedCount() + changes.arrivedCount() + source.arrivedCount();
            if (sink.arrivedCount() >= sink.acknowledged() && changes.arrivedCount() >= written
                    && source.arrivedCount() >= written) {
                return;
            }
            if (total != lastTotal) {
                lastTotal = total;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                timeline.say("nothing more arrived for " + stall.toSeconds() + " s");
                return;
            }
            Thread.sleep(500);
        }
    }

    List<PathReport> reports() {
        List<String> writeNotes = new ArrayList<>();
        if (writer.retried() > 0) {
            writeNotes.add(writer.retried() + " write attempts failed and were tried again (first: "
                    + writer.firstRetryCause() + ")");
        }
        return List.of(sink.report(List.of()),
                changes.report("writes to day2.events (cdc) → publishers → materializer → " + CHANGE_TOPIC,
                        writer.acked(), writeNotes),
                source.report("day2.events → source connector (incremental on written) → " + SOURCE_TOPIC,
                        writer.acked(), List.of()));
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {sink, writer, changes, source}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing what the rehearsal opened: nothing to report
                }
            }
        }
        session.close();
    }
}
