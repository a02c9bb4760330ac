package io.ckbridge.ops.repair;

import io.ckbridge.ops.repair.RepairNodes.Coordinator;
import io.ckbridge.ops.repair.RepairStore.ParentRepair;
import io.ckbridge.ops.repair.SegmentRepair.Result;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.management.JMException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the running repairs of the store, segment by segment: a segment starts when none of its
 * replicas is busy with another segment (here or, through node leases, on another instance),
 * all are up and none has too many pending compactions (else it is POSTPONED and asked again
 * later), and its lease is taken. Its outcome is written back; a failed or timed-out attempt is
 * retried with a longer timeout until the attempts are used up. After a segment that took t the
 * run waits t·(1−intensity)/intensity. A segment found RUNNING without a live lease (its instance
 * died) is checked against Cassandra's repair history and redone unless it completed.
 */
public final class RepairRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairRunner.class);
    private static final Duration RUN_STATE_CHECK = Duration.ofSeconds(3);
    private static final Duration SLOW_TICK = Duration.ofSeconds(10);

    private final RepairStore store;
    private final RepairNodes nodes;
    private final RepairSettings settings;
    private final Predicate<UUID> drives;
    private final ScheduledExecutorService loop;
    private final ExecutorService workers;
    private final Set<String> busyReplicas = new HashSet<>();
    private final Map<UUID, Set<Integer>> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> recheckAt = new ConcurrentHashMap<>();
    private final List<Runnable> slowTasks = new ArrayList<>();
    private long lastSlowTick = System.nanoTime() - SLOW_TICK.toNanos();

    /** @param drives which runs this runner works on (ops: all of them; the CLI: the one it started) */
    public RepairRunner(RepairStore store, RepairNodes nodes, RepairSettings settings, Predicate<UUID> drives) {
        this.store = store;
        this.nodes = nodes;
        this.settings = settings;
        this.drives = drives;
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "repair-loop"));
        this.workers = Executors.newFixedThreadPool(settings.maxRunningSegments(),
                runnable -> daemon(runnable, "repair-segment"));
    }

    /** Something else to do every 10 s on the loop (the schedules). */
    public void alsoEveryTenSeconds(Runnable task) {
        slowTasks.add(task);
    }

    public void start() {
        loop.scheduleWithFixedDelay(this::tickSafely, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks at the runs now rather than at the next tick (a run was started or resumed). */
    public void wake() {
        if (!loop.isShutdown()) {
            loop.execute(this::tickSafely);
        }
    }

    private void tickSafely() {
        try {
            long now = System.nanoTime();
            if (now - lastSlowTick >= SLOW_TICK.toNanos()) {
                lastSlowTick = now;
                for (Runnable task : slowTasks) {
                    task.run();
                }
            }
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Repair loop: {}", e.toString());
        }
    }

    void tick() {
        for (RepairRun run : store.runs()) {
            if (run.state() == RunState.RUNNING && drives.test(run.id())) {
                advance(run);
            }
        }
    }

    private void advance(RepairRun run) {
        List<SegmentRecord> segments = store.segments(run.id());
        Set<Integer> mine = running.computeIfAbsent(run.id(), id -> ConcurrentHashMap.newKeySet());
        if (mine.isEmpty() && segments.stream().allMatch(segment -> segment.state().finished())) {
            finish(run, segments);
            return;
        }
        Instant now = Instant.now();
        boolean paced = run.pacedUntil() != null && now.isBefore(run.pacedUntil());
        Map<Set<String>, Optional<String>> waits = new HashMap<>();
        for (SegmentRecord segment : segments) {
            if (segment.state().finished() || mine.contains(segment.seq())) {
                continue;
            }
            String key = run.id() + ":" + segment.seq();
            if (segment.state() == SegmentState.POSTPONED && now.isBefore(recheckAt.getOrDefault(key, Instant.EPOCH))) {
                continue;
            }
            if (paced || workersFull() || overlapsBusy(segment.segment().replicas())) {
                continue;
            }
            Optional<String> wait = waits.computeIfAbsent(segment.segment().replicas(),
                    replicas -> nodes.whyWait(replicas, settings.maxPendingCompactions()));
            if (wait.isPresent()) {
                recheckAt.put(key, now.plus(settings.postponeRecheck()));
                if (segment.state() != SegmentState.RUNNING
                        && (segment.state() != SegmentState.POSTPONED || !wait.get().equals(segment.error()))) {
                    store.updateSegment(segment.with(SegmentState.POSTPONED, wait.get()));
                }
                continue;
            }
            if (!takeLeases(run, segment)) {
                continue;
            }
            synchronized (busyReplicas) {
                busyReplicas.addAll(segment.segment().replicas());
            }
            mine.add(segment.seq());
            workers.execute(() -> repair(run, segment));
        }
    }

    private boolean workersFull() {
        return running.values().stream().mapToInt(Set::size).sum() >= settings.maxRunningSegments();
    }

    private boolean overlapsBusy(Set<String> replicas) {
        synchronized (busyReplicas) {
            return replicas.stream().anyMatch(busyReplicas::contains);
        }
    }

    /**
     * The segment's lease, then one per replica, those together (one round of Paxos rather than
     * one per replica); all or none.
     */
    private boolean takeLeases(RepairRun run, SegmentRecord segment) {
        List<String> resources = resources(run, segment);
        if (!store.takeLease(resources.get(0), settings.owner(), settings.leaseTtl())) {
            return false;
        }
        List<String> replicas = resources.subList(1, resources.size());
        List<CompletableFuture<Boolean>> takes = replicas.stream().map(resource -> store.takeLeaseAsync(resource,
                settings.owner(), settings.leaseTtl()).toCompletableFuture()).toList();
        List<String> taken = new ArrayList<>();
        boolean all = true;
        for (int i = 0; i < takes.size(); i++) {
            try {
                if (takes.get(i).join()) {
                    taken.add(replicas.get(i));
                } else {
                    all = false;
                }
            } catch (RuntimeException e) {
                all = false;
            }
        }
        if (!all) {
            taken.add(resources.get(0));
            store.releaseLeasesAsync(taken, settings.owner()).toCompletableFuture().join();
        }
        return all;
    }

    private static List<String> resources(RepairRun run, SegmentRecord segment) {
        List<String> resources = new ArrayList<>();
        resources.add("segment:" + run.id() + ":" + segment.seq());
        new TreeSet<>(segment.segment().replicas()).forEach(replica -> resources.add("node:" + replica));
        return resources;
    }

    private void repair(RepairRun run, SegmentRecord segment) {
        List<String> leases = resources(run, segment);
        long[] lastRenewal = {System.nanoTime()};
        long[] lastStateCheck = {System.nanoTime()};
        boolean[] aborted = {false};
        try {
            if (segment.state() == SegmentState.RUNNING && completedMeanwhile(run, segment, leases)) {
                return;
            }
            int attempt = segment.attempts() + 1;
            Optional<Coordinator> coordinator = nodes.coordinator(segment.segment().replicas());
            if (coordinator.isEmpty()) {
                store.updateSegment(segment.with(SegmentState.POSTPONED, "no replica of "
                        + new TreeSet<>(segment.segment().replicas()) + " answers over JMX"));
                return;
            }
            Instant started = Instant.now();
            store.updateSegment(new SegmentRecord(run.id(), segment.seq(), segment.segment(), SegmentState.RUNNING,
                    attempt, coordinator.get().address(), started, null, 0, null));
            Result result;
            try {
                result = SegmentRepair.run(coordinator.get().mbeans(), run.request().options(), segment.segment(),
                        settings.timeoutOfAttempt(attempt), () -> {
                            if (elapsed(lastRenewal, settings.leaseTtl().dividedBy(3))) {
                                leases.forEach(lease -> store.renewLease(lease, settings.owner(),
                                        settings.leaseTtl()));
                            }
                            if (elapsed(lastStateCheck, RUN_STATE_CHECK)) {
                                aborted[0] = store.run(run.id()).map(RepairRun::state)
                                        .filter(RunState.ABORTED::equals).isPresent();
                            }
                            return !aborted[0];
                        });
            } catch (IOException | JMException e) {
                nodes.forget(coordinator.get());
                result = new Result(SegmentRepair.Outcome.FAILED, 0, Duration.between(started, Instant.now()),
                        "lost " + coordinator.get().address() + " over JMX: " + e.getMessage());
            }
            record(run, segment, attempt, coordinator.get().address(), started, result);
            store.setPacedUntil(run.id(), Instant.now().plus(Pacing.pauseAfter(result.took(),
                    run.request().intensity())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Repair run {} segment {}: {}", run.id(), segment.seq(), e.toString());
        } finally {
            try {
                store.releaseLeasesAsync(leases, settings.owner()).toCompletableFuture().join();
            } catch (RuntimeException e) {
                LOG.debug("Leases {} not released (they expire): {}", leases, e.toString());
            }
            synchronized (busyReplicas) {
                busyReplicas.removeAll(segment.segment().replicas());
            }
            running.getOrDefault(run.id(), Set.of()).remove(segment.seq());
            wake();
        }
    }

    private void record(RepairRun run, SegmentRecord segment, int attempt, String coordinator, Instant started,
            Result result) {
        SegmentState state;
        String error;
        switch (result.outcome()) {
            case SUCCESS -> {
                state = SegmentState.DONE;
                error = null;
            }
            case STOPPED -> {
                state = SegmentState.PENDING;
                error = "stopped: the run was aborted";
            }
            default -> {
                state = attempt >= settings.maxAttempts() ? SegmentState.FAILED : SegmentState.PENDING;
                error = result.message() + " (attempt " + attempt + " of " + settings.maxAttempts() + ")";
                LOG.warn("Repair of {} segment {} on {}: {}", run.request().keyspace(), segment.seq(), coordinator,
                        error);
            }
        }
        store.updateSegment(new SegmentRecord(run.id(), segment.seq(), segment.segment(), state, attempt, coordinator,
                started, Instant.now(), result.took().toMillis(), error));
    }

    /**
     * A segment left RUNNING by an instance that died: what Cassandra recorded of its repair
     * since it started. Completed without error: DONE; still running: waited for until its
     * attempt's timeout; anything else (failed, or no record): false, and it is repaired again.
     */
    private boolean completedMeanwhile(RepairRun run, SegmentRecord segment, List<String> leases)
            throws InterruptedException {
        Instant since = segment.startedAt() == null ? run.createdAt() : segment.startedAt().minusSeconds(5);
        Instant deadline = (segment.startedAt() == null ? Instant.now() : segment.startedAt())
                .plus(settings.timeoutOfAttempt(segment.attempts()));
        Set<TokenRange> ranges = Set.copyOf(segment.segment().ranges());
        while (true) {
            List<ParentRepair> repairs = store.parentRepairs(run.request().keyspace(), since).stream()
                    .filter(repair -> repair.ranges().equals(ranges)).toList();
            if (repairs.stream().anyMatch(repair -> repair.finishedAt() != null && repair.error() == null)) {
                Instant ended = repairs.stream().filter(repair -> repair.finishedAt() != null)
                        .map(ParentRepair::finishedAt).max(Instant::compareTo).orElse(Instant.now());
                store.updateSegment(new SegmentRecord(run.id(), segment.seq(), segment.segment(), SegmentState.DONE,
                        segment.attempts(), segment.coordinator(), segment.startedAt(), ended,
                        segment.startedAt() == null ? 0 : Duration.between(segment.startedAt(), ended).toMillis(),
                        null));
                LOG.info("Repair of {} segment {}: completed while no instance watched it", run.request().keyspace(),
                        segment.seq());
                return true;
            }
            boolean stillRunning = repairs.stream().anyMatch(repair -> repair.finishedAt() == null);
            if (!stillRunning || Instant.now().isAfter(deadline)) {
                return false;
            }
            leases.forEach(lease -> store.renewLease(lease, settings.owner(), settings.leaseTtl()));
            Thread.sleep(2_000);
        }
    }

    private void finish(RepairRun run, List<SegmentRecord> segments) {
        long failed = segments.stream().filter(segment -> segment.state() == SegmentState.FAILED).count();
        RunState state = failed == 0 ? RunState.DONE : RunState.ERROR;
        String error = failed == 0 ? null : failed + " of " + segments.size() + " segments failed";
        if (store.setRunState(run.id(), state, Set.of(RunState.RUNNING), Instant.now(), error)) {
            LOG.info("Repair of {} ({} segments) ended {}{}", run.request().keyspace(), segments.size(), state,
                    error == null ? "" : ": " + error);
        }
        running.remove(run.id());
    }

    private static boolean elapsed(long[] since, Duration every) {
        long now = System.nanoTime();
        if (now - since[0] >= every.toNanos()) {
            since[0] = now;
            return true;
        }
        return false;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
