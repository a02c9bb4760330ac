package io.ckbridge.bench.cdc;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.ckbridge.bench.BenchGoals;
import io.ckbridge.bench.BenchRows;
import io.ckbridge.bench.BenchSandbox;
import io.ckbridge.bench.RowIds;
import io.ckbridge.bench.measure.CassandraGcPauses;
import io.ckbridge.bench.measure.CpuTime;
import io.ckbridge.bench.measure.IoStallWatch;
import io.ckbridge.bench.measure.JitCompilerCpu;
import io.ckbridge.bench.measure.ProcessPriority;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.ServerProcess;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cdc", mixinStandardHelpOptions = true,
        description = {
                "Measure the CDC publisher: write->raw-topic latency at a steady write rate (the commitlog sync period",
                "is the floor), then writes as fast as the driver goes for a while: does the publisher keep up?",
                "With --end-to-end, through the materializer too: write->change-topic latency, and the materializer's",
                "events/s against the publishers' raw rate (run it on a 3-node sandbox: the table has RF=3)."})
public final class CdcBenchCommand implements Callable<Integer> {
    private static final String KEYSPACE = "bench";
    private static final String TABLE = "cdc_rows";
    private static final int WARM_UP_ROUND_SECONDS = 5;
    private static final int MAX_STEADY_WARM_UP_SECONDS = 180;
    /**
     * Warm enough once the compilers take no more than this share of the machine's CPU: 50-60% right
     * after a start, 5-15% once warm.
     */
    private static final double MAX_COMPILING_SHARE = 0.10;

    @Mixin
    SandboxDir sandboxDir;

    @Option(names = "--rate", defaultValue = "500",
            description = "Writes per second in the latency phase (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--latency-seconds", defaultValue = "30",
            description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--sustained-rate", defaultValue = "2000",
            description = "With --end-to-end: writes per second of the phase that shows the materializer keeping up"
                    + " (default: ${DEFAULT-VALUE}).")
    int sustainedRate;

    @Option(names = "--sustained-seconds", defaultValue = "20",
            description = "Length of that phase (default: ${DEFAULT-VALUE}).")
    int sustainedSeconds;

    @Option(names = "--load-seconds", defaultValue = "60",
            description = "Length of the max-load phase (default: ${DEFAULT-VALUE}).")
    int loadSeconds;

    @Option(names = "--warm-up-load-seconds", defaultValue = "15",
            description = "Length of the un-timed warm-up as fast as the driver goes, before the steady warm-up rounds;"
                    + " 0: none (default: ${DEFAULT-VALUE}).")
    int warmUpLoadSeconds;

    @Option(names = "--concurrency", defaultValue = "256",
            description = "Driver requests in flight in the max-load phase (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--end-to-end",
            description = "Measure up to the materializer's change topic, on an RF=min(3, nodes) table.")
    boolean endToEnd;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private String keyspace;
    /** Raw copies of each write: one per replica. */
    private int replicas;
    /** Writes that timed out and were sent again (reported: they show Cassandra straining). */
    private final AtomicLong retriedWrites = new AtomicLong();
    /** The row ids of each phase, handed out in the order the phases run. */
    private final RowIds ids = new RowIds();

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Sandbox sandbox = BenchSandbox.running(sandboxDir.dir, out);
        if (sandbox.cdcPublishers().isEmpty()) {
            throw new IllegalStateException("the sandbox in " + sandbox.layout().root() + " runs no CDC publisher");
        }
        long syncMs = sandbox.settings().commitlogSyncPeriodMs();
        replicas = endToEnd ? Math.min(3, sandbox.cassandraNodes().size()) : 1;
        keyspace = endToEnd ? KEYSPACE + "_e2e" : KEYSPACE;
        String rawTopic = "cdc.raw." + keyspace + "." + TABLE;
        String topic = endToEnd ? "cdc." + keyspace + "." + TABLE : rawTopic;
        out.printf("bridge bench cdc%s: %d writes/s for %d s (latency), %sthen %d s of writes"
                        + " as fast as the driver goes%n",
                endToEnd ? " --end-to-end" : "", rate, latencySeconds,
                endToEnd && sustainedSeconds > 0
                        ? String.format("%,d writes/s for %d s (sustained), ", sustainedRate, sustainedSeconds)
                        : "",
                loadSeconds);
        out.printf("  commitlog_sync periodic, period %d ms: the latency floor; %d node(s), one publisher each;"
                        + " RF=%d%s%n",
                syncMs, sandbox.cassandraNodes().size(), replicas,
                endToEnd ? "; measured on " + topic + " (read_committed)" : "");
        if (endToEnd) {
            printMaterializerPriority(sandbox);
        }
        if (endToEnd && replicas < 3) {
            out.println("  note       fewer than 3 nodes: no replica copies to deduplicate;"
                    + " start the sandbox with --nodes 3");
        }
        out.flush();
        try (CqlSession session = BenchSandbox.session(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': " + replicas + "}");
            session.execute("DROP TABLE IF EXISTS " + keyspace + "." + TABLE);
            session.execute("CREATE TABLE " + keyspace + "." + TABLE + " (" + BenchRows.COLUMNS + ") WITH cdc = true");
            PreparedStatement insert = session.prepare("INSERT INTO " + keyspace + "." + TABLE
                    + " (" + BenchRows.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            out.printf("  warm-up    %d s at the steady rate (not measured)%n", warmUpSeconds());
            out.flush();
            warmUp(sandbox, session, insert, topic, warmUpSeconds());
            warmUpAtFullLoad(sandbox, session, insert, topic);
            // The topics exist now. The watchers read the rest of the warm-up, so that they too are
            // warm when timing starts: a watcher compiling its code delays the arrivals it notes.
            SandboxAccess kafka = sandbox.access();
            try (ChangeTopicWatcher watcher = new ChangeTopicWatcher(kafka, topic, "id");
                    ChangeTopicWatcher raw = endToEnd ? new ChangeTopicWatcher(kafka, rawTopic, "id") : null) {
                warmUntilSteady(sandbox, session, insert, watcher);
                latency(sandbox, session, insert, watcher, raw, syncMs);
                if (endToEnd && sustainedSeconds > 0) {
                    sustained(session, insert, watcher, raw);
                }
                maxLoad(sandbox, session, insert, watcher, raw, syncMs);
            }
        }
        return 0;
    }

    /**
     * Whether the materializer has CPU priority over the rest of the stack: it changes what the
     * figures mean on a shared machine (see the sandbox section of the README).
     */
    private void printMaterializerPriority(Sandbox sandbox) {
        OptionalInt nice = ProcessPriority.nice(pid(sandbox.materializer()));
        OptionalInt nodeNice = ProcessPriority.nice(pid(sandbox.cassandraNodes().get(0)));
        if (nice.isEmpty() || nodeNice.isEmpty()) {
            return;
        }
        if (nice.getAsInt() < nodeNice.getAsInt()) {
            out.printf("  cpu        materializer at nice %d, Cassandra nodes at %d: it gets the CPU first,"
                    + " as on a host of its own%n", nice.getAsInt(), nodeNice.getAsInt());
        } else {
            out.printf("  cpu        materializer at nice %d, like the Cassandra nodes: on this shared machine"
                    + " it gets no more CPU than each node (raising it needs root)%n", nice.getAsInt());
        }
    }

    /**
     * A while at the steady rate through the whole path first, not measured: the publisher
     * creates the topic, and every JVM on the way compiles its hot code.
     */
    private void warmUp(Sandbox sandbox, CqlSession session, PreparedStatement insert, String topic, int seconds)
            throws Exception {
        double before = delivered(sandbox);
        RowIds.Range writes = ids.next((long) rate * seconds);
        steadyWrites(session, insert, writes);
        awaitDelivered(sandbox, before + writes.count(), Duration.ofMinutes(2), "the warm-up writes", topic);
    }

    /**
     * Waits until {@link #delivered} reaches {@code target}; fails naming the writes and the topic
     * after {@code timeout}.
     */
    private void awaitDelivered(Sandbox sandbox, double target, Duration timeout, String writes, String topic)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered(sandbox) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(writes + " did not all reach " + topic
                        + " within " + timeout.toSeconds() + " s; see " + sandbox.layout().root().resolve("logs"));
            }
            Thread.sleep(50);
        }
    }

    /**
     * A short while as fast as the driver goes, not measured, and until it is all through: the
     * JVMs on the path compile what load exercises and their collectors adapt to it, as after a
     * whole run. Warmed at the steady rate alone, the first run after a sandbox start still
     * measured the nodes' young collections at 8-10 in 30 s (1-7 in later runs) and p99 0.6-1.0 s.
     */
    private void warmUpAtFullLoad(Sandbox sandbox, CqlSession session, PreparedStatement insert, String topic)
            throws Exception {
        if (warmUpLoadSeconds <= 0) {
            return;
        }
        double before = delivered(sandbox);
        long start = System.nanoTime();
        long written = writeFlatOut(session, insert, warmUpLoadSeconds, new AtomicLong(), () -> { }).count();
        awaitDelivered(sandbox, before + written, Duration.ofMinutes(5), "the warm-up writes at full load", topic);
        out.printf("  warm-up    %d s as fast as the driver goes (not measured): %,d writes,"
                + " all on the topic after %.0f s%n", warmUpLoadSeconds, written, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /**
     * Writes the next free ids with {@link #concurrency} in flight for {@code seconds}, counting
     * acknowledgements in {@code acknowledged} and calling {@code tick} after each write sent;
     * returns once every write is acknowledged, with the ids written.
     */
    private RowIds.Range writeFlatOut(CqlSession session, PreparedStatement insert, int seconds,
                                      AtomicLong acknowledged, Runnable tick) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        RowIds.Open phase = ids.open();
        long id = phase.first();
        while (System.nanoTime() < end && failure.get() == null) {
            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            write(session, insert.bind(BenchRows.values(id++)), 1, failure, () -> {
                acknowledged.incrementAndGet();
                permits.release();
            });
            tick.run();
        }
        permits.tryAcquire(concurrency, 60, TimeUnit.SECONDS);
        if (failure.get() != null) {
            throw new IllegalStateException("writes failed: " + failure.get().getMessage(), failure.get());
        }
        return phase.used(id - phase.first());
    }

    /**
     * Warm-up rounds read by the watcher, until the topic's delay behind the writes stops falling
     * and the stack's JIT compilers have mostly done (or {@link #MAX_STEADY_WARM_UP_SECONDS}
     * passed): right after a sandbox start the nodes and the materializer compile their hot code
     * for a minute or more on the shared cores, and a latency measured then would tell about the
     * JIT, not about the pipeline. The delay alone can level off while the compilers still run.
     */
    private void warmUntilSteady(Sandbox sandbox, CqlSession session, PreparedStatement insert,
                                 ChangeTopicWatcher watcher) throws InterruptedException {
        long writes = (long) rate * WARM_UP_ROUND_SECONDS;
        List<String> delays = new ArrayList<>();
        List<String> compiling = new ArrayList<>();
        SteadyDelay steady = new SteadyDelay();
        JitCompilerCpu compilers = JitCompilerCpu.of(pathPids(sandbox));
        int cores = Runtime.getRuntime().availableProcessors();
        boolean isSteady = false;
        while (!isSteady && delays.size() * WARM_UP_ROUND_SECONDS < MAX_STEADY_WARM_UP_SECONDS) {
            double compiledBefore = compilers.seconds();
            long start = System.nanoTime();
            long delay = roundDelayMillis(session, insert, watcher, ids.next(writes));
            double compileShare =
                    (compilers.seconds() - compiledBefore) / (cores * (System.nanoTime() - start) / 1e9);
            delays.add(String.format("%.2f", delay / 1000.0));
            compiling.add(String.format("%.0f", compileShare * 100));
            boolean delaySteady = steady.steadyAfter(delay); // every round's delay counts, compiling or not
            isSteady = delaySteady && compileShare <= MAX_COMPILING_SHARE;
        }
        out.printf("  warm-up    then %d s in rounds of %d s, until the topic's delay behind the writes stopped falling"
                        + " and the JIT compilers used at most %.0f%% of the CPU%n",
                delays.size() * WARM_UP_ROUND_SECONDS, WARM_UP_ROUND_SECONDS, MAX_COMPILING_SHARE * 100);
        out.printf("             delay %s s; compiling %s %%%n",
                String.join(", ", delays), String.join(", ", compiling));
        out.flush();
    }

    /** The JVMs a change passes through: nodes, publishers, Kafka and, end to end, the materializer. */
    private List<Long> pathPids(Sandbox sandbox) {
        List<ServerProcess> servers = new ArrayList<>(sandbox.cassandraNodes());
        servers.addAll(sandbox.cdcPublishers());
        servers.add(sandbox.kafka());
        if (endToEnd) {
            servers.add(sandbox.materializer());
        }
        return servers.stream().map(CdcBenchCommand::pid).filter(pid -> pid > 0).toList();
    }

    /**
     * One warm-up round at the steady rate: the longest the topic trailed its writes, in ms (from the
     * writes behind).
     */
    private long roundDelayMillis(CqlSession session, PreparedStatement insert, ChangeTopicWatcher watcher,
                                  RowIds.Range writes) throws InterruptedException {
        long arrivedBefore = watcher.distinct();
        AtomicLong sent = new AtomicLong();
        AtomicLong mostBehind = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "warm-up-delay");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(
                () -> mostBehind.accumulateAndGet(sent.get() - (watcher.distinct() - arrivedBefore), Math::max),
                50, 50, TimeUnit.MILLISECONDS);
        try {
            steadyWrites(session, insert, writes, rate, sent::incrementAndGet);
            awaitArrivals(watcher, writes, Duration.ofMinutes(2));
        } finally {
            sampler.shutdownNow();
        }
        return mostBehind.get() * 1000 / rate;
    }

    /**
     * The warm-up before the watchers start reading: the publishers create the topics, and every
     * JVM on the way starts compiling its hot code (a materializer that has just started, sharing
     * two cores with the whole stack, needs 20-30 s of traffic for most of it).
     */
    private int warmUpSeconds() {
        return endToEnd ? 25 : 5;
    }

    /** Inserts the rows of {@code ids} at the steady rate, without waiting for each; returns when each was sent. */
    private long[] steadyWrites(CqlSession session, PreparedStatement insert, RowIds.Range ids) {
        return steadyWrites(session, insert, ids, rate, () -> { });
    }

    private long[] steadyWrites(CqlSession session, PreparedStatement insert, RowIds.Range ids, int perSecond,
                                Runnable onSent) {
        int count = Math.toIntExact(ids.count());
        long[] sentNanos = new long[count];
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            long wait = start + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sentNanos[i] = System.nanoTime();
            write(session, insert.bind(BenchRows.values(ids.id(i))), 1, failure, () -> { });
            onSent.run();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writes failed: " + failure.get().getMessage(), failure.get());
        }
        return sentNanos;
    }

    /**
     * One insert; a timeout (a node busy compiling or collecting on two shared cores) is retried,
     * as any client would: the insert is idempotent, and its latency then includes the retry.
     * {@code done} runs once the insert is done, or has failed for good (then in {@code failure}).
     */
    private void write(CqlSession session, BoundStatement statement, int attempt, AtomicReference<Throwable> failure,
                       Runnable done) {
        session.executeAsync(statement).whenComplete((rs, thrown) -> {
            if (thrown == null) {
                done.run();
                return;
            }
            Throwable error = thrown instanceof CompletionException && thrown.getCause() != null
                    ? thrown.getCause()
                    : thrown;
            if (attempt < 3 && (error instanceof WriteTimeoutException || error instanceof DriverTimeoutException)) {
                retriedWrites.incrementAndGet();
                write(session, statement, attempt + 1, failure, done);
            } else {
                failure.compareAndSet(null, error);
                done.run();
            }
        });
    }

    /** Writes at a steady rate, each timed from the moment it is sent to its first arrival on the raw topic. */
    private void latency(Sandbox sandbox, CqlSession session, PreparedStatement insert, ChangeTopicWatcher watcher,
                         ChangeTopicWatcher raw, long syncMs) throws InterruptedException {
        RowIds.Range timed = ids.next((long) rate * latencySeconds);
        long writes = timed.count();
        watcher.timeArrivals(timed);
        if (raw != null) {
            raw.timeArrivals(timed);
        }
        CassandraGcPauses.reset(sandbox.cassandraNodes());
        Optional<IoStallWatch> ioStalls = IoStallWatch.start(IoStallWatch.PRESSURE);
        long[] sentNanos = steadyWrites(session, insert, timed);
        awaitArrivals(watcher, timed, Duration.ofSeconds(30));
        Optional<CassandraGcPauses.Pauses> gcPauses = CassandraGcPauses.read(sandbox.cassandraNodes());
        if (ioStalls.isPresent()) {
            ioStalls.get().close();
        }
        long[] sorted = latencies(watcher::arrivalNanos, timed, sentNanos);
        int arrived = sorted.length;
        if (arrived == 0) {
            out.println("  latency    no change arrived");
            return;
        }
        long p99 = millisAt(sorted, 0.99);
        out.printf("  latency    write -> %s topic over %,d writes: p50 %d ms, p99 %d ms, max %d ms"
                        + " (floor: sync period %d ms; %s)%n",
                endToEnd ? "change" : "raw", arrived, millisAt(sorted, 0.5), p99, millis(sorted[arrived - 1]), syncMs,
                BenchGoals.cdcLatencyP99(syncMs, endToEnd).verdict(p99));
        if (raw != null) {
            // Where the time goes: to the first copy on the raw topic (Cassandra and the publishers),
            // the rest in the materializer.
            long[] toRaw = latencies(raw::arrivalNanos, timed, sentNanos);
            long[] toLastCopy = latencies(raw::lastArrivalNanos, timed, sentNanos);
            if (toRaw.length > 0) {
                // the materializer applies a change once every replica's copy is in (or its reorder window
                // has passed)
                out.printf("             of which write -> first copy on the raw topic: p50 %d ms, p99 %d ms;"
                                + " last of %d copies: p50 %d ms, p99 %d ms%n",
                        millisAt(toRaw, 0.5), millisAt(toRaw, 0.99), replicas, millisAt(toLastCopy, 0.5),
                        millisAt(toLastCopy, 0.99));
            }
        }
        printStalls(ioStalls, gcPauses, sandbox.cassandraNodes().size());
        if (arrived < writes) {
            out.printf("  latency    %,d of %,d writes did not arrive within 30 s%n", writes - arrived, writes);
        }
        if (retriedWrites.get() > 0) {
            out.printf("  latency    %,d writes timed out in Cassandra and were sent again (so far in this run)%n",
                    retriedWrites.get());
        }
        out.flush();
    }

    /**
     * What held the whole path up while the latency was measured, outside the pipeline: a disk
     * stall blocks every node's commit-log sync at once, and a collector pause stops a node.
     */
    private void printStalls(Optional<IoStallWatch> ioStalls, Optional<CassandraGcPauses.Pauses> gcPauses, int nodes) {
        if (ioStalls.isEmpty() && gcPauses.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("  stalls     ");
        ioStalls.ifPresent(watch -> line.append(String.format(
                "disk: longest %,d ms in which a task waited on I/O throughout, %d over 200 ms",
                watch.longestStallMillis(), watch.stallsOver200Ms())));
        gcPauses.ifPresent(pauses -> line.append(ioStalls.isPresent() ? "; " : "").append(String.format(
                "Cassandra GC: longest pause %,d ms, %d collections on %d node%s",
                pauses.longestMillis(), pauses.collections(), nodes, nodes == 1 ? "" : "s")));
        out.println(line);
    }

    /** The latency at {@code fraction} (0.5: the median) of sorted, non-empty nanosecond latencies, in ms. */
    private static long millisAt(long[] sorted, double fraction) {
        return millis(sorted[(int) Math.min(sorted.length - 1, sorted.length * fraction)]);
    }

    /**
     * Sorted times from each write of {@code ids} to its arrival (as {@code arrivalNanos} tells, 0
     * when it did not arrive); {@code sentNanos} holds when each was sent, in the order of the ids.
     */
    private static long[] latencies(LongUnaryOperator arrivalNanos, RowIds.Range ids, long[] sentNanos) {
        long[] latencies = new long[sentNanos.length];
        int arrived = 0;
        for (int i = 0; i < sentNanos.length; i++) {
            long arrival = arrivalNanos.applyAsLong(ids.id(i));
            if (arrival != 0) {
                latencies[arrived++] = arrival - sentNanos[i];
            }
        }
        long[] sorted = Arrays.copyOf(latencies, arrived);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * A write rate the machine can carry with everything on it: whether the materializer keeps pace
     * with the publishers (events/s while the writes run) and how far it trails when they stop.
     */
    private void sustained(CqlSession session, PreparedStatement insert, ChangeTopicWatcher watcher,
                           ChangeTopicWatcher raw) throws InterruptedException {
        RowIds.Range writes = ids.next((long) sustainedRate * sustainedSeconds);
        long arrivedBefore = watcher.distinct();
        long rawBefore = raw.messages();
        long start = System.nanoTime();
        steadyWrites(session, insert, writes, sustainedRate, () -> { });
        long lastSent = System.nanoTime();
        double seconds = (lastSent - start) / 1e9;
        double eventRate = (watcher.distinct() - arrivedBefore) / seconds;
        double rawRate = (raw.messages() - rawBefore) / seconds;
        awaitArrivals(watcher, writes, Duration.ofMinutes(5));
        double trailMs = (System.nanoTime() - lastSent) / 1e6;
        out.printf("  sustained  %,d writes/s for %d s: publishers %,.0f raw changes/s;"
                        + " materializer %,.0f events/s = %.2f of the write rate;"
                        + " every event %,.0f ms after the last write was sent%n",
                sustainedRate, sustainedSeconds, rawRate, eventRate, eventRate / (writes.count() / seconds), trailMs);
        out.flush();
    }

    /**
     * Writes as fast as the driver goes, then measures how far the publisher trails and how long it
     * takes to catch up.
     */
    private void maxLoad(Sandbox sandbox, CqlSession session, PreparedStatement insert, ChangeTopicWatcher watcher,
                         ChangeTopicWatcher raw, long syncMs) throws Exception {
        CdcPublisherProcess publisher = sandbox.cdcPublishers().get(0);
        long cassandraPid = pid(sandbox.cassandraNodes().get(0));
        long publisherPid = pid(publisher);
        long kafkaPid = pid(sandbox.kafka());
        long materializerPid = endToEnd ? pid(sandbox.materializer()) : -1;
        double[] cpuBefore = {CpuTime.seconds(cassandraPid), CpuTime.seconds(publisherPid), CpuTime.seconds(kafkaPid),
                materializerPid < 0 ? 0 : CpuTime.seconds(materializerPid)};
        long arrivedBefore = watcher.distinct();
        long rawBefore = raw == null ? 0 : raw.messages();
        AtomicLong acknowledged = new AtomicLong();
        long start = System.nanoTime();
        LoadProgress progress = new LoadProgress(publisher, watcher, arrivedBefore, acknowledged, start);
        RowIds.Range load = writeFlatOut(session, insert, loadSeconds, acknowledged, progress::reportEvery10Seconds);
        long written = load.count();
        long lastAck = System.nanoTime();
        double peakBacklog = progress.peakBacklog;
        double writeSeconds = (lastAck - start) / 1e9;
        long arrivedDuringWrites = watcher.distinct() - arrivedBefore;
        long rawDuringWrites = raw == null ? 0 : raw.messages() - rawBefore;
        awaitArrivals(watcher, load, Duration.ofMinutes(10));
        double drainMs = (System.nanoTime() - lastAck) / 1e6;
        long missing = watcher.missing(load);
        double[] cpuAfter = {CpuTime.seconds(cassandraPid), CpuTime.seconds(publisherPid), CpuTime.seconds(kafkaPid),
                materializerPid < 0 ? 0 : CpuTime.seconds(materializerPid)};

        if (retriedWrites.get() > 0) {
            out.printf("  max load   %,d writes timed out in Cassandra and were sent again (whole run)%n",
                    retriedWrites.get());
        }
        double writeRate = written / writeSeconds;
        double publishRate = arrivedDuringWrites / writeSeconds;
        out.printf("  max load   driver wrote %,d rows in %.1f s: %,.0f rows/s (the ceiling, %d requests in flight)%n",
                written, writeSeconds, writeRate, concurrency);
        if (raw == null) {
            out.printf("  max load   on the raw topic while writes ran: %,d changes, %,.0f/s = %.2f of the write rate;"
                            + " peak backlog %,.1f MB%n",
                    arrivedDuringWrites, publishRate, publishRate / writeRate, peakBacklog / 1e6);
        } else {
            double rawRate = rawDuringWrites / writeSeconds;
            out.printf("  max load   publishers while writes ran: %,.0f raw changes/s"
                            + " (%d copies of each write = %,.0f writes/s)%n",
                    rawRate, replicas, rawRate / replicas);
            out.printf("  max load   materializer while writes ran: %,.0f events/s = %.2f of the publishers' rate"
                            + " (%s)%n",
                    publishRate, publishRate / Math.max(1, rawRate / replicas), BenchGoals.MATERIALIZER_KEEPS_UP);
            // Once the writes stop, the CPU they took is the materializer's: its own capacity.
            out.printf("  max load   materializer after the writes: %,.0f events/s while catching up%n",
                    (written - arrivedDuringWrites) / Math.max(0.001, drainMs / 1000));
        }
        out.printf("  catch-up   every change on the topic %,.0f ms after the last write was acknowledged"
                + " (sync period %d ms; %s)%n",
                drainMs, syncMs, BenchGoals.cdcCatchUp(syncMs, endToEnd).verdict(drainMs));
        out.printf("  delivery   %,d missing, %,d duplicate messages (%.2f%%) over %,d writes%n",
                missing, watcher.duplicates(), 100.0 * watcher.duplicates() / Math.max(1, watcher.messages()), written);
        out.printf("  cpu        per write: Cassandra %.0f us, publisher %.0f us, Kafka %.0f us%s"
                        + " (one node and publisher of %d)%n",
                perWrite(cpuBefore[0], cpuAfter[0], written), perWrite(cpuBefore[1], cpuAfter[1], written),
                perWrite(cpuBefore[2], cpuAfter[2], written),
                endToEnd ? String.format(", materializer %.0f us", perWrite(cpuBefore[3], cpuAfter[3], written)) : "",
                sandbox.cassandraNodes().size());
        out.flush();
    }

    private static void awaitArrivals(ChangeTopicWatcher watcher, RowIds.Range ids, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (watcher.missing(ids) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /**
     * Changes published (by all publishers: an RF=1 table's rows spread over the nodes) or, end to
     * end, events the materializer made.
     */
    private double delivered(Sandbox sandbox) {
        if (endToEnd) {
            return sandbox.materializer().metric("materializer_events_total").orElse(0);
        }
        return sandbox.cdcPublishers().stream()
                .mapToDouble(publisher -> publisher.metric("cdc_publisher_changes_published_total").orElse(0))
                .sum();
    }

    private static long pid(ServerProcess server) {
        return server.running().map(ProcessHandle::pid).orElse(-1L);
    }

    private static double perWrite(double before, double after, long writes) {
        return before < 0 || after < 0 ? -1 : (after - before) * 1e6 / writes;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The max-load phase's line every 10 s: writes and arrivals so far, and the publisher's backlog. */
    private final class LoadProgress {
        private final CdcPublisherProcess publisher;
        private final ChangeTopicWatcher watcher;
        private final long arrivedBefore;
        private final AtomicLong acknowledged;
        private final long start;
        private long nextReport;
        private long reportedWrites;
        private long reportedArrivals;
        double peakBacklog;

        LoadProgress(CdcPublisherProcess publisher, ChangeTopicWatcher watcher, long arrivedBefore,
                     AtomicLong acknowledged, long start) {
            this.publisher = publisher;
            this.watcher = watcher;
            this.arrivedBefore = arrivedBefore;
            this.acknowledged = acknowledged;
            this.start = start;
            this.nextReport = start + TimeUnit.SECONDS.toNanos(10);
        }

        void reportEvery10Seconds() {
            if (System.nanoTime() < nextReport) {
                return;
            }
            double backlog = publisher.metric("cdc_publisher_backlog_bytes").orElse(0);
            peakBacklog = Math.max(peakBacklog, backlog);
            long writes = acknowledged.get();
            long arrivals = watcher.distinct() - arrivedBefore;
            out.printf("  load %3d s  written %,9d (%,6.0f/s)   on the %s topic %,9d (%,6.0f/s)   backlog %,.1f MB%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), writes, (writes - reportedWrites) / 10.0,
                    endToEnd ? "change" : "raw", arrivals, (arrivals - reportedArrivals) / 10.0, backlog / 1e6);
            out.flush();
            reportedWrites = writes;
            reportedArrivals = arrivals;
            nextReport += TimeUnit.SECONDS.toNanos(10);
        }
    }
}
