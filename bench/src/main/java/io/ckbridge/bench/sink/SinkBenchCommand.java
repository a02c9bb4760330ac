package io.ckbridge.bench.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ckbridge.bench.BenchGoals;
import io.ckbridge.bench.BenchRows;
import io.ckbridge.bench.BenchSandbox;
import io.ckbridge.bench.CassandraHeap;
import io.ckbridge.bench.Compactions;
import io.ckbridge.bench.measure.CpuTime;
import io.ckbridge.bench.measure.JvmMemory;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = {
                "Measure the sink connector draining a topic into Cassandra through the sandbox's Connect worker,",
                "against the ceiling: the same rows written straight to Cassandra by the Java driver"
                        + " (async, best concurrency)."})
public final class SinkBenchCommand implements Callable<Integer> {
    private static final String KEYSPACE = "bench";
    private static final String SINK_TABLE = KEYSPACE + ".sink_rows";
    private static final String CEILING_TABLE = KEYSPACE + ".ceiling_rows";

    @Mixin
    SandboxDir sandboxDir;

    @Option(names = "--records", defaultValue = "1000000",
            description = "Records to write (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--tasks", defaultValue = "1", description = "Sink tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--partitions", defaultValue = "8",
            description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--exactly-once",
            description = "Store offsets with the data in Cassandra (cassandra.offset.storage.table).")
    boolean exactlyOnce;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Extra connector setting, repeatable (e.g. --set cassandra.max.concurrent.requests=64).")
    Map<String, String> overrides = new HashMap<>();

    @Option(names = "--skip-ceiling", description = "Do not measure the driver ceiling (faster; no ratio).")
    boolean skipCeiling;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = BenchSandbox.running(sandboxDir.dir, out);
        out.printf("bridge bench sink: %,d records (10 columns, ~220 bytes as JSON), %d partitions, %d task(s), %s%n",
                records, partitions, tasks, exactlyOnce ? "exactly-once" : "at-least-once");
        ConnectClient connect = new ConnectClient(sandbox.settings().connectUrl());
        try (CqlSession session = BenchSandbox.session(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            long warmUp = Math.min(records, 100_000);
            out.printf("  warm-up    %,d records through the sink (not measured: the worker's JIT warms up)%n", warmUp);
            out.flush();
            runSink(sandbox, session, connect, warmUp, null, out);

            DriverCeiling.Result ceiling = null;
            if (!skipCeiling) {
                recreate(session, CEILING_TABLE);
                Compactions.awaitIdle(session, out);
                CassandraHeap.collect(sandbox.cassandraNodes().get(0), out);
                out.println("  ceiling    driver async INSERTs of the same rows, searching the best concurrency:");
                out.flush();
                ceiling = DriverCeiling.measure(session, CEILING_TABLE, records, cassandraPid(sandbox), out);
                out.printf("  ceiling    %,d rows in %.1f s at concurrency %d: %,.0f rows/s%n",
                        ceiling.rows(), ceiling.seconds(), ceiling.concurrency(), ceiling.rowsPerSecond());
                out.printf("             CPU per row: client %.1f us, Cassandra %.1f us%n",
                        ceiling.clientCpuSeconds() * 1e6 / ceiling.rows(),
                        ceiling.cassandraCpuSeconds() * 1e6 / ceiling.rows());
                out.flush();
                // Dropped now, its rows are not flushed and compacted while the sink is timed.
                session.execute("DROP TABLE " + CEILING_TABLE);
            }

            long connectPid = sandbox.connect().running().map(ProcessHandle::pid).orElse(-1L);
            JvmMemory memory = new JvmMemory(connectPid);
            double connectCpu = CpuTime.seconds(connectPid);
            double cassandraCpu = CpuTime.seconds(cassandraPid(sandbox));
            double[] span = runSink(sandbox, session, connect, records, memory, out);
            connectCpu = CpuTime.seconds(connectPid) - connectCpu;
            cassandraCpu = CpuTime.seconds(cassandraPid(sandbox)) - cassandraCpu;
            double seconds = span[1] - span[0];
            double rate = records / seconds;
            out.printf("  sink       %,d records in %.1f s: %,.0f records/s"
                    + " (first row %.1f s after deploying the connector)%n", records, seconds, rate, span[0]);
            if (ceiling != null) {
                out.printf("  ratio      %.2f of the ceiling (%s)%n", rate / ceiling.rowsPerSecond(),
                        BenchGoals.sinkOfCeiling(exactlyOnce));
            }
            out.printf("             CPU per record: Connect worker %.1f us, Cassandra %.1f us"
                    + " (includes producing the topic)%n", connectCpu * 1e6 / records, cassandraCpu * 1e6 / records);
            out.printf("  connect    heap used at most %d MiB (max heap 512 MiB), resident at most %d MiB%n",
                    memory.maxHeapUsedMb(), memory.maxRssMb());
            out.flush();
        }
        return 0;
    }

    /** Produces {@code count} records to a new topic and times the sink writing them; cleans up after. */
    private double[] runSink(Sandbox sandbox, CqlSession session, ConnectClient connect, long count, JvmMemory memory,
                             PrintWriter out) throws Exception {
        String topic = "bench-sink-" + System.currentTimeMillis();
        String connector = "bench-sink-" + topic.substring(topic.lastIndexOf('-') + 1);
        recreate(session, SINK_TABLE);
        session.execute("DROP TABLE IF EXISTS " + KEYSPACE + ".bench_offsets");
        try {
            produce(sandbox, topic, count, memory == null ? null : out);
            Compactions.awaitIdle(session, out);
            CassandraHeap.collect(sandbox.cassandraNodes().get(0), out);
            long deployed = System.nanoTime();
            connect.put(connector, connectorConfig(sandbox, topic));
            return awaitRows(session, memory, deployed, count);
        } finally {
            connect.delete(connector);
            // Likewise, this run's rows must not be flushed and compacted during the next phase.
            session.execute("DROP TABLE IF EXISTS " + SINK_TABLE);
            try (Admin admin = BenchSandbox.admin(sandbox)) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long cassandraPid(Sandbox sandbox) {
        return sandbox.cassandraNodes().get(0).running().map(ProcessHandle::pid).orElse(-1L);
    }

    private static void recreate(CqlSession session, String table) {
        session.execute("DROP TABLE IF EXISTS " + table);
        session.execute("CREATE TABLE " + table + " (" + BenchRows.COLUMNS + ")");
    }

    private Map<String, String> connectorConfig(Sandbox sandbox, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("cassandra.contact.points", "127.0.0.1");
        config.put("cassandra.port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("cassandra.local.datacenter", "datacenter1");
        config.put("cassandra.keyspace", KEYSPACE);
        config.put("cassandra.consistency.level", "LOCAL_ONE");
        config.put("topic." + topic + "." + KEYSPACE + ".sink_rows.mapping",
                "id=value.id, name=value.name, email=value.email, city=value.city, score=value.score, "
                        + "balance=value.balance, active=value.active, created=value.created, ref=value.ref, "
                        + "note=value.note");
        if (exactlyOnce) {
            config.put("cassandra.offset.storage.table", "bench_offsets");
        }
        config.putAll(sandbox.access().connectorSettings()); // the sandbox's login and TLS, if any
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("consumer.override.max.poll.records", "2000");
        config.putAll(overrides);
        return config;
    }

    private void produce(Sandbox sandbox, String topic, long records, PrintWriter out) throws Exception {
        try (Admin admin = BenchSandbox.admin(sandbox)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = sandbox.access().kafkaClient(Map.of(
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
        long start = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (long id = 0; id < records; id++) {
                producer.send(new ProducerRecord<>(topic, (int) (id % partitions), Long.toString(id),
                                BenchRows.json(id)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                if (out != null && id % 200_000 == 0 && id > 0) {
                    out.printf("  produce    %,d ...%n", id);
                    out.flush();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out != null) {
            out.printf("  produce    %,d records to %s in %.1f s (%,.0f/s)%n",
                    records, topic, seconds, records / seconds);
            out.flush();
        }
    }

    /** Seconds from deploy to the first row and to the last row of every partition being in Cassandra. */
    private double[] awaitRows(CqlSession session, JvmMemory memory, long deployed, long records)
            throws InterruptedException, ExecutionException {
        List<Long> firstIds = new ArrayList<>();
        List<Long> lastIds = new ArrayList<>();
        for (int p = 0; p < partitions && p < records; p++) {
            firstIds.add((long) p);
            long last = records - 1 - ((records - 1 - p) % partitions + partitions) % partitions;
            lastIds.add(last);
        }
        PreparedStatement count = session.prepare("SELECT id FROM " + SINK_TABLE + " WHERE id IN ?");
        double first = -1;
        long lastSample = 0;
        while (true) {
            double now = (System.nanoTime() - deployed) / 1e9;
            if (first < 0 && !session.execute(count.bind(firstIds)).all().isEmpty()) {
                first = now;
            }
            int last = session.execute(count.bind(lastIds)).all().size();
            if (last == lastIds.size()) {
                return new double[] {first, now};
            }
            if (memory != null && System.nanoTime() - lastSample > 2_000_000_000L) {
                memory.sample();
                lastSample = System.nanoTime();
            }
            if (now > 1800) {
                throw new IllegalStateException(
                        "the sink had not written every record after 30 minutes; see 'bridge sandbox logs connect'");
            }
            Thread.sleep(50);
        }
    }
}
