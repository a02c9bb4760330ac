package io.ckbridge.bench.repair;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.bench.BenchSandbox;
import io.ckbridge.bench.measure.NodeJmx;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxDir;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "repair", mixinStandardHelpOptions = true, description = {
        "Measure repair on an RF=3 table: load it, then time the ops server's repair of it at each intensity while",
        "a steady write load runs, against the same load without a repair: wall time, and the write p50/p99 the",
        "load sees (pacing must show: a lower intensity takes longer and disturbs the writes less).",
        "Needs a sandbox of 3 nodes (--nodes 3 when it is created; a new --dir gets 3)."})
public final class RepairBenchCommand implements Callable<Integer> {
    private static final String KEYSPACE = "bench_repair";
    private static final String TABLE = "rows";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    SandboxDir sandboxDir;

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows loaded (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--rate", defaultValue = "200", description = "Steady writes per second while measuring "
            + "(default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--segments-per-node", defaultValue = "16", description = "(default: ${DEFAULT-VALUE}).")
    int segmentsPerNode;

    @Option(names = "--intensities", split = ",", defaultValue = "1.0,0.5", description =
            "Intensities to measure, in order (default: ${DEFAULT-VALUE}).")
    List<Double> intensities;

    @Option(names = "--baseline-seconds", defaultValue = "30", description = "Length of the load without a repair "
            + "(default: ${DEFAULT-VALUE}).")
    int baselineSeconds;

    @Option(names = "--warm-up-seconds", defaultValue = "60", description = "Steady writes not measured, before "
            + "anything is (a node just started is slow for a while: JIT, caches) (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--skip-load", description = "The table is loaded already (an earlier run).")
    boolean skipLoad;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Sandbox sandbox = BenchSandbox.running(sandboxDir.dir, out, 3);
        int nodes = sandbox.cassandraNodes().size();
        if (nodes < 3) {
            throw new IllegalStateException("the repair bench needs 3 nodes; the sandbox in "
                    + sandbox.layout().root() + " has " + nodes + ": use another --dir");
        }
        out.printf("bridge bench repair: %,d rows in %s.%s (RF=3 on %d nodes), steady %d writes/s at LOCAL_QUORUM,"
                + " %d segments per node, intensities %s%n", rows, KEYSPACE, TABLE, nodes, rate, segmentsPerNode,
                intensities);
        AtomicLong nextId = new AtomicLong(rows);
        List<String> results = new ArrayList<>();
        try (CqlSession session = BenchSandbox.session(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + TABLE
                    + " (id bigint PRIMARY KEY, payload text)");
            PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE + "." + TABLE
                    + " (id, payload) VALUES (?, ?)");
            if (!skipLoad) {
                load(session, insert);
            }
            abortUnfinished(sandbox);
            flush(sandbox);
            awaitCompactions(sandbox);
            // the steady writes are new rows, never those of an earlier run
            nextId.set(Math.max(rows, System.currentTimeMillis() * 1000));

            SteadyWrites warmUp = new SteadyWrites(session, insert, rate, nextId, warmUpSeconds + 5);
            Thread.sleep(warmUpSeconds * 1000L);
            warmUp.stop();
            out.printf("  warmed up %d s of steady writes%n", warmUpSeconds);
            double baseP99 = quiet(session, insert, nextId, results, "before");
            for (double intensity : intensities) {
                awaitCompactions(sandbox);
                SteadyWrites load = new SteadyWrites(session, insert, rate, nextId, 3600);
                long start = System.nanoTime();
                JsonNode run = repair(sandbox, intensity);
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] during = load.stop();
                double p99 = SteadyWrites.millisAt(during, 0.99);
                results.add(String.format(Locale.ROOT, "  intensity %.2f      %7.1f s  write p50 %6.1f ms  p99 %6.1f ms"
                        + "  (%,d writes; p99 %.2fx the quiet one before; %d segments, %s%s)", intensity, seconds,
                        SteadyWrites.millisAt(during, 0.5), p99, during.length, p99 / baseP99,
                        run.path("total").asInt(),
                        run.path("state").asText(), load.failed() > 0 ? ", " + load.failed() + " writes failed" : ""));
                out.println(results.get(results.size() - 1));
                out.flush();
            }
            awaitCompactions(sandbox);
            quiet(session, insert, nextId, results, "after");
        }
        out.println("Summary:");
        results.forEach(out::println);
        out.flush();
        return 0;
    }

    /** The steady writes alone for the baseline's length: their p99 in ms. */
    private double quiet(CqlSession session, PreparedStatement insert, AtomicLong nextId, List<String> results,
            String when) throws InterruptedException {
        SteadyWrites baseline = new SteadyWrites(session, insert, rate, nextId, baselineSeconds + 5);
        Thread.sleep(baselineSeconds * 1000L);
        long[] quiet = baseline.stop();
        double p99 = SteadyWrites.millisAt(quiet, 0.99);
        results.add(String.format(Locale.ROOT, "  no repair (%-6s) %7s  write p50 %6.1f ms  p99 %6.1f ms  "
                + "(%,d writes)", when, "-", SteadyWrites.millisAt(quiet, 0.5), p99, quiet.length));
        out.println(results.get(results.size() - 1));
        out.flush();
        return p99;
    }

    private void load(CqlSession session, PreparedStatement insert) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        int tenth = Math.max(1, rows / 10);
        String payload = "x".repeat(80);
        for (long id = 0; id < rows; id++) {
            inFlight.acquire();
            session.executeAsync(insert.bind(id, payload + id).setConsistencyLevel(ConsistencyLevel.ONE))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failures.incrementAndGet();
                        }
                        inFlight.release();
                    });
            if ((id + 1) % tenth == 0) {
                out.printf("  loading   %,d rows (%.0f s)%n", id + 1, (System.nanoTime() - start) / 1e9);
                out.flush();
            }
        }
        inFlight.acquire(256);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("  loaded    %,d rows in %.1f s (%,.0f rows/s)%s%n", rows, seconds, rows / seconds,
                failures.get() > 0 ? ", " + failures.get() + " failed" : "");
    }

    /** Every node writes its memtables to SSTables: the repair's validation reads them. */
    private void flush(Sandbox sandbox) throws Exception {
        ObjectName storage = new ObjectName("org.apache.cassandra.db:type=StorageService");
        for (CassandraNode node : sandbox.cassandraNodes()) {
            try (JMXConnector jmx = NodeJmx.connect(node)) {
                jmx.getMBeanServerConnection().invoke(storage, "forceKeyspaceFlush",
                        new Object[] {KEYSPACE, new String[0]}, new String[] {String.class.getName(),
                            String[].class.getName()});
            }
        }
        out.println("  flushed   every node's memtables of " + KEYSPACE);
    }

    /**
     * Until no node has a compaction pending or running (at most 5 minutes): what the load left,
     * or the repair before, is not measured with the next phase.
     */
    private void awaitCompactions(Sandbox sandbox) throws Exception {
        ObjectName pending = new ObjectName("org.apache.cassandra.metrics:type=Compaction,name=PendingTasks");
        ObjectName manager = new ObjectName("org.apache.cassandra.db:type=CompactionManager");
        long start = System.nanoTime();
        while (System.nanoTime() - start < 300_000_000_000L) {
            int busy = 0;
            for (CassandraNode node : sandbox.cassandraNodes()) {
                try (JMXConnector jmx = NodeJmx.connect(node)) {
                    busy += ((Number) jmx.getMBeanServerConnection().getAttribute(pending, "Value")).intValue();
                    busy += ((List<?>) jmx.getMBeanServerConnection().getAttribute(manager, "Compactions")).size();
                }
            }
            if (busy == 0) {
                out.printf("  compactions idle on every node (waited %.0f s)%n", (System.nanoTime() - start) / 1e9);
                out.flush();
                return;
            }
            Thread.sleep(2_000);
        }
        out.println("  compactions still busy after 5 minutes: measuring anyway");
    }

    /**
     * An earlier bench stopped half-way leaves its run to the ops server, which goes on with it
     * (after a restart too): it would repair beside the one measured.
     */
    private void abortUnfinished(Sandbox sandbox) throws Exception {
        URI ops = URI.create(sandbox.ops().address());
        for (int tries = 0; ; tries++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(ops.resolve("api/repairs"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                for (JsonNode run : JSON.readTree(answer.body()).path("runs")) {
                    String state = run.path("state").asText();
                    if (run.path("keyspace").asText().equals(KEYSPACE) && (state.equals("RUNNING")
                            || state.equals("PAUSED"))) {
                        http.send(HttpRequest.newBuilder(ops.resolve("api/repairs/" + run.path("id").asText()
                                + "/abort")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                                HttpResponse.BodyHandlers.ofString());
                        out.println("  aborted   an earlier run of " + KEYSPACE + ", " + run.path("id").asText());
                    }
                }
                return;
            }
            if (tries == 60) {
                throw new IllegalStateException("ops' repair is not ready: " + answer.body());
            }
            Thread.sleep(2_000);
        }
    }

    /** A run through the ops server's API, followed until it ends; its last progress. */
    private JsonNode repair(Sandbox sandbox, double intensity) throws Exception {
        URI ops = URI.create(sandbox.ops().address());
        String body = JSON.createObjectNode().put("keyspace", KEYSPACE).put("segmentsPerNode", segmentsPerNode)
                .put("intensity", intensity).put("cause", "bridge bench repair").toString();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(ops.resolve("api/repairs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 201) {
            throw new IllegalStateException("ops refused the repair: " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        int lastTenth = -1;
        while (true) {
            Thread.sleep(1_000);
            JsonNode run = JSON.readTree(http.send(HttpRequest.newBuilder(ops.resolve("api/repairs/" + id))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).body()).path("run");
            int tenth = run.path("done").asInt() * 10 / Math.max(1, run.path("total").asInt());
            if (tenth != lastTenth) {
                out.printf("  repairing at %.2f: %d/%d segments%n", intensity, run.path("done").asInt(),
                        run.path("total").asInt());
                out.flush();
                lastTenth = tenth;
            }
            if (!run.path("state").asText().equals("RUNNING")) {
                return run;
            }
        }
    }
}
