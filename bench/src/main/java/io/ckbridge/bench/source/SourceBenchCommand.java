package io.ckbridge.bench.source;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.bench.BenchGoals;
import io.ckbridge.bench.BenchRows;
import io.ckbridge.bench.BenchSandbox;
import io.ckbridge.bench.Compactions;
import io.ckbridge.bench.measure.CpuTime;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "source", mixinStandardHelpOptions = true,
        description = {
                "Measure the source connector: a whole table to Kafka in bulk mode with 1 and 2 tasks, against a plain",
                "driver full-table scan of the same table; then insert-to-topic latency in incremental mode."})
public final class SourceBenchCommand implements Callable<Integer> {
    private static final String TABLE = "bench.source_rows";

    @Mixin
    SandboxDir sandboxDir;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the table (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--inserts", defaultValue = "1000",
            description = "Rows inserted one by one for the latency figures (default: ${DEFAULT-VALUE}).")
    int inserts;

    @Option(names = "--poll-interval-ms", defaultValue = "500",
            description = "Source poll interval for the latency run (default: ${DEFAULT-VALUE}).")
    long pollIntervalMs;

    @Option(names = "--delay-ms", defaultValue = "1000",
            description = "Source delay for the latency run (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Sandbox sandbox = BenchSandbox.running(sandboxDir.dir, out);
        ConnectClient connect = new ConnectClient(sandbox.settings().connectUrl());
        out.printf("bridge bench source: a %,d-row table (10 columns) in bulk mode,"
                + " then %,d inserts in incremental mode%n", rows, inserts);
        out.println("  (bulk records as schemaless JSON; producer.override.batch.size=524288, linger.ms=20)");
        try (CqlSession session = BenchSandbox.session(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS bench"
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            load(session);
            Compactions.awaitIdle(session, out);

            // Un-timed first passes, so that neither side is timed while its JIT compiles the read path.
            out.println("  warm-up    one scan and one 1-task bulk read of the table (not measured)");
            out.flush();
            scan(session, false);
            bulk(sandbox, connect, 1);
            double ceiling = scan(session, true);
            for (int tasks : List.of(1, 2)) {
                long connectPid = sandbox.connect().running().map(ProcessHandle::pid).orElse(-1L);
                double cpuBefore = CpuTime.seconds(connectPid);
                double rate = bulk(sandbox, connect, tasks);
                double cpu = CpuTime.seconds(connectPid) - cpuBefore;
                out.printf("  bulk       %d task(s): %,.0f rows/s, %.2f of the scan (%s);"
                        + " Connect worker CPU %.1f us/row%n",
                        tasks, rate, rate / ceiling, BenchGoals.SOURCE_BULK_OF_SCAN, cpu * 1e6 / rows);
                out.flush();
            }
            latency(sandbox, session, connect);
        }
        return 0;
    }

    private void load(CqlSession session) throws InterruptedException {
        session.execute("DROP TABLE IF EXISTS " + TABLE);
        session.execute("CREATE TABLE " + TABLE + " (" + BenchRows.COLUMNS + ")");
        long start = System.nanoTime();
        PreparedStatement insert = session.prepare("INSERT INTO " + TABLE + " (" + BenchRows.INSERT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Semaphore permits = new Semaphore(512);
        for (long id = 0; id < rows; id++) {
            permits.acquire();
            session.executeAsync(insert.bind(BenchRows.values(id))).whenComplete((rs, error) -> permits.release());
        }
        permits.acquire(512);
        out.printf("  load       %,d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /** The ceiling: one paged SELECT * reading every value, as a plain driver client would. */
    private double scan(CqlSession session, boolean report) {
        long start = System.nanoTime();
        long count = 0;
        ResultSet result = session.execute(SimpleStatement.newInstance("SELECT * FROM " + TABLE)
                .setPageSize(5000)
                .setTimeout(Duration.ofSeconds(60)));
        int columns = result.getColumnDefinitions().size();
        for (Row row : result) {
            for (int i = 0; i < columns; i++) {
                row.getObject(i);
            }
            count++;
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        if (report) {
            out.printf("  scan       driver full-table scan: %,d rows at %,.0f rows/s%n", count, rate);
            out.flush();
        }
        return rate;
    }

    private double bulk(Sandbox sandbox, ConnectClient connect, int tasks) throws Exception {
        String name = "bench-source-" + System.currentTimeMillis();
        String topic = name;
        Map<String, String> config = base(sandbox);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("cassandra.source.tables", "source_rows");
        config.put("cassandra.source.mode", "bulk");
        config.put("cassandra.source.topic.format", topic);
        // records as schemaless JSON, as in 'bench sink', and fuller producer batches
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("producer.override.batch.size", "524288");
        config.put("producer.override.linger.ms", "20");
        try (Admin admin = BenchSandbox.admin(sandbox)) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            connect.put(name, config);
            long first = -1;
            while (true) {
                long produced = endOffsets(admin, topic);
                if (first < 0 && produced > 0) {
                    first = System.nanoTime();
                }
                if (produced >= rows) {
                    break;
                }
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                    throw new IllegalStateException("the source had not sent every row after 30 minutes");
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            connect.deleteWithOffsets(name);
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            return rows / seconds;
        }
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /** Insert-to-topic latency: rows inserted one by one with the current time, timed until their record is read. */
    private void latency(Sandbox sandbox, CqlSession session, ConnectClient connect) throws Exception {
        session.execute("DROP TABLE IF EXISTS bench.source_events");
        session.execute("CREATE TABLE bench.source_events (id int PRIMARY KEY, at timestamp, payload text)");
        String name = "bench-source-latency-" + System.currentTimeMillis();
        Map<String, String> config = base(sandbox);
        config.put("cassandra.source.tables", "source_events");
        config.put("cassandra.source.incremental.column", "at");
        config.put("cassandra.source.topic.format", name);
        config.put("cassandra.source.columns", "payload");
        config.put("cassandra.source.unwrap", "true");
        config.put("cassandra.source.poll.interval.ms", Long.toString(pollIntervalMs));
        config.put("cassandra.source.delay.ms", Long.toString(delayMs));
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        // Created first, so the reader does not subscribe to a topic that does not exist yet.
        try (Admin admin = BenchSandbox.admin(sandbox)) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        connect.put(name, config);
        while (!connect.isRunning(name, 1)) {
            Thread.sleep(100);
        }
        Map<String, Long> insertedAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> consumerConfig = sandbox.access().kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, name, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(name));
                while (latencies.size() < inserts && !Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        Long at = insertedAt.get(record.value());
                        if (at != null) {
                            latencies.add(System.nanoTime() - at);
                        }
                    }
                }
            }
        }, "latency-reader");
        reader.start();
        PreparedStatement insert =
                session.prepare("INSERT INTO bench.source_events (id, at, payload) VALUES (?, toTimestamp(now()), ?)");
        for (int i = 0; i < inserts; i++) {
            String payload = "p" + i;
            insertedAt.put(payload, System.nanoTime());
            session.execute(insert.bind(i, payload));
            Thread.sleep(20);
        }
        reader.join(TimeUnit.SECONDS.toMillis(60));
        reader.interrupt();
        connect.deleteWithOffsets(name);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            out.println("  latency    no record arrived");
            return;
        }
        out.printf("  latency    insert -> topic over %,d rows: p50 %d ms, p99 %d ms, max %d ms"
                        + " (poll interval %d ms, delay %d ms)%n",
                sorted.size(), sorted.get(sorted.size() / 2) / 1_000_000,
                sorted.get((int) (sorted.size() * 0.99)) / 1_000_000,
                sorted.get(sorted.size() - 1) / 1_000_000, pollIntervalMs, delayMs);
        out.flush();
    }

    private static Map<String, String> base(Sandbox sandbox) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.source.CassandraSourceConnector");
        config.put("cassandra.contact.points", "127.0.0.1");
        config.put("cassandra.port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("cassandra.local.datacenter", "datacenter1");
        config.put("cassandra.keyspace", "bench");
        config.put("cassandra.consistency.level", "LOCAL_ONE");
        config.putAll(sandbox.access().connectorSettings()); // the sandbox's login and TLS, if any
        return config;
    }
}
