package io.ckbridge.ops.repair;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repair as the API and the CLI use it: start a run (its ring read and split into segments),
 * pause, resume and abort it, see its progress, and keep schedules. The runner does the work;
 * this holds the rules of what may change when.
 */
public final class Repairs {
    private static final Logger LOG = LoggerFactory.getLogger(Repairs.class);

    private final CqlSession session;
    private final RepairStore store;
    private final RepairNodes nodes;
    private final RepairRunner runner;

    public Repairs(CqlSession session, RepairStore store, RepairNodes nodes, RepairRunner runner) {
        this.session = session;
        this.store = store;
        this.nodes = nodes;
        this.runner = runner;
        runner.alsoEveryTenSeconds(this::startDueSchedules);
    }

    public RepairStore store() {
        return store;
    }

    /** Plans and stores a run; the runner starts on it at once. */
    public RunProgress start(RepairRequest request, String cause) throws IOException {
        return start(request, cause, null, UUID.randomUUID());
    }

    /** As {@link #start(RepairRequest, String)}, with the run's id chosen by the caller. */
    public RunProgress start(RepairRequest request, String cause, UUID id) throws IOException {
        return start(request, cause, null, id);
    }

    private RunProgress start(RepairRequest request, String cause, UUID scheduleId, UUID id) throws IOException {
        check(request);
        // two runs of one keyspace would take turns on the same replicas, each pacing the other's work
        Optional<RepairRun> unfinished = unfinished(request.keyspace());
        if (unfinished.isPresent()) {
            throw new IllegalStateException("keyspace " + request.keyspace() + " is being repaired by run "
                    + unfinished.get().id() + " (" + unfinished.get().state() + "): let it finish, or abort it first");
        }
        List<Segment> segments = SegmentPlanner.plan(nodes.ring(request.keyspace()), request.segmentsPerNode());
        RepairRun run = new RepairRun(id, request, RunState.RUNNING, cause, scheduleId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, segments.size(), null, null);
        store.createRun(run, segments);
        LOG.info("Repair of {}{} started ({}): {} segments, intensity {}, {}", request.keyspace(),
                request.tables().isEmpty() ? "" : " " + request.tables(), cause, segments.size(), request.intensity(),
                request.parallelism().label());
        runner.wake();
        return progress(id).orElseThrow();
    }

    /** The keyspace and its named tables must exist. */
    private void check(RepairRequest request) {
        CqlIdentifier name = CqlIdentifier.fromInternal(request.keyspace());
        Optional<KeyspaceMetadata> known = session.getMetadata().getKeyspace(name);
        boolean tablesKnown = known.isPresent() && request.tables().stream().allMatch(table ->
                known.get().getTable(CqlIdentifier.fromInternal(table)).isPresent());
        // the driver learns of schema changes a moment after they happen: a keyspace made just now is asked for
        Optional<KeyspaceMetadata> keyspace = tablesKnown ? known : session.refreshSchema().getKeyspace(name);
        if (keyspace.isEmpty()) {
            throw new IllegalArgumentException("keyspace '" + request.keyspace() + "' does not exist");
        }
        for (String table : request.tables()) {
            if (keyspace.get().getTable(CqlIdentifier.fromInternal(table)).isEmpty()) {
                throw new IllegalArgumentException("table '" + request.keyspace() + "." + table + "' does not exist");
            }
        }
    }

    public List<RunProgress> runs() {
        return store.runs().stream().map(run -> RunProgress.of(run, store.segments(run.id()))).toList();
    }

    public Optional<RunProgress> progress(UUID id) {
        return store.run(id).map(run -> RunProgress.of(run, store.segments(id)));
    }

    public List<SegmentRecord> segments(UUID id) {
        return store.segments(id);
    }

    /** A running run starts no more segments (the one running ends first); false when it was not running. */
    public RunProgress pause(UUID id) {
        return change(id, RunState.PAUSED, Set.of(RunState.RUNNING), "pause", "running");
    }

    public RunProgress resume(UUID id) {
        RunProgress resumed = change(id, RunState.RUNNING, Set.of(RunState.PAUSED), "resume", "paused");
        runner.wake();
        return resumed;
    }

    /** Ends a run for good: a segment running now has its repair sessions ended. */
    public RunProgress abort(UUID id) {
        return change(id, RunState.ABORTED, Set.of(RunState.RUNNING, RunState.PAUSED), "abort", "running or paused");
    }

    private RunProgress change(UUID id, RunState to, Set<RunState> from, String action, String must) {
        RepairRun run = store.run(id).orElseThrow(() -> new NoSuchRunException("no repair run " + id));
        if (!store.setRunState(id, to, from, to.finished() ? Instant.now() : null, run.error())) {
            RunState now = store.run(id).map(RepairRun::state).orElse(run.state());
            throw new IllegalStateException("cannot " + action + " run " + id + ": it is " + now + ", not " + must);
        }
        return progress(id).orElseThrow();
    }

    /**
     * The runs worth showing (unfinished ones, and the newest {@code finishedKept} finished) and
     * every keyspace repair knows, with its gc_grace_seconds and last full repair.
     */
    public RepairStatus status(int finishedKept) {
        List<RepairRun> all = store.runs();
        List<RepairSchedule> schedules = store.schedules();
        List<RunProgress> shown = new ArrayList<>();
        int finished = 0;
        for (RepairRun run : all) {
            if (!run.state().finished() || finished++ < finishedKept) {
                shown.add(RunProgress.of(run, store.segments(run.id())));
            }
        }
        Map<String, Instant> knownSince = new TreeMap<>();
        all.forEach(run -> knownSince.merge(run.request().keyspace(), run.createdAt(), RepairStatus::earlier));
        schedules.forEach(schedule -> knownSince.merge(schedule.request().keyspace(), schedule.createdAt(),
                RepairStatus::earlier));
        List<RepairStatus.KeyspaceRepair> keyspaces = new ArrayList<>();
        knownSince.forEach((keyspace, since) -> session.getMetadata().getKeyspace(CqlIdentifier.fromInternal(
                keyspace)).ifPresent(metadata -> {
                    Optional<RepairRun> full = all.stream().filter(run -> run.request().keyspace().equals(keyspace)
                            && run.state() == RunState.DONE && run.request().tables().isEmpty()).findFirst();
                    String table = null;
                    long grace = Long.MAX_VALUE;
                    for (TableMetadata tableMetadata : metadata.getTables().values()) {
                        Object option = tableMetadata.getOptions().get(CqlIdentifier.fromInternal("gc_grace_seconds"));
                        if (option instanceof Number seconds && seconds.longValue() < grace) {
                            grace = seconds.longValue();
                            table = tableMetadata.getName().asInternal();
                        }
                    }
                    if (table != null) {
                        keyspaces.add(new RepairStatus.KeyspaceRepair(keyspace, table, grace,
                                full.map(RepairRun::createdAt).orElse(null),
                                full.map(run -> run.id().toString()).orElse(null), since));
                    }
                }));
        return new RepairStatus(shown, keyspaces);
    }

    // ---- schedules

    public RepairSchedule schedule(RepairRequest request, Duration every, Instant first) {
        check(request);
        // Cassandra keeps milliseconds: the answer shows what is stored
        RepairSchedule schedule = new RepairSchedule(UUID.randomUUID(), request, every,
                first.truncatedTo(ChronoUnit.MILLIS), true, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        store.saveSchedule(schedule);
        runner.wake();
        return schedule;
    }

    public List<RepairSchedule> schedules() {
        return store.schedules();
    }

    public RepairSchedule scheduleById(UUID id) {
        return store.schedule(id).orElseThrow(() -> new NoSuchRunException("no repair schedule " + id));
    }

    /** Changes a schedule's request, period or next run (null: kept). */
    public RepairSchedule edit(UUID id, RepairRequest request, Duration every, Instant nextRun, Boolean active) {
        RepairSchedule old = scheduleById(id);
        RepairSchedule edited = new RepairSchedule(id, request == null ? old.request() : request,
                every == null ? old.every() : every,
                nextRun == null ? old.nextRun() : nextRun.truncatedTo(ChronoUnit.MILLIS),
                active == null ? old.active() : active, old.createdAt(), old.lastRunId());
        if (request != null) {
            check(request);
        }
        store.saveSchedule(edited);
        runner.wake();
        return edited;
    }

    /** A run of the schedule now; its next run stays where it is. */
    public RunProgress runNow(UUID id) throws IOException {
        RepairSchedule schedule = scheduleById(id);
        return start(schedule.request(), "run now of schedule " + id, id, UUID.randomUUID());
    }

    public void deleteSchedule(UUID id) {
        scheduleById(id);
        store.deleteSchedule(id);
    }

    /**
     * Starts the runs of schedules that are due. The instance that moves a schedule on (a
     * lightweight transaction on its next run) starts the run; a schedule whose keyspace is still
     * being repaired just moves on.
     */
    void startDueSchedules() {
        Instant now = Instant.now();
        for (RepairSchedule schedule : store.schedules()) {
            if (!schedule.active() || schedule.nextRun().isAfter(now)) {
                continue;
            }
            Optional<RepairRun> unfinished = unfinished(schedule.request().keyspace());
            UUID runId = unfinished.map(RepairRun::id).orElse(UUID.randomUUID());
            if (!store.advanceSchedule(schedule, schedule.nextAfter(now), runId)) {
                continue;
            }
            if (unfinished.isPresent()) {
                LOG.info("Schedule {}: {} is still being repaired by run {}; next run at {}", schedule.id(),
                        schedule.request().keyspace(), runId, schedule.nextAfter(now));
                continue;
            }
            try {
                start(schedule.request(), "schedule " + schedule.id() + " (every "
                        + RepairSchedule.everyLabel(schedule.every()) + ")", schedule.id(), runId);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Schedule {}: the run of {} could not start: {}", schedule.id(),
                        schedule.request().keyspace(), e.getMessage());
            }
        }
    }

    private Optional<RepairRun> unfinished(String keyspace) {
        return store.runs().stream().filter(run -> !run.state().finished() && run.request().keyspace()
                .equals(keyspace)).findFirst();
    }

    /** No run or schedule with that id. */
    public static final class NoSuchRunException extends RuntimeException {
        public NoSuchRunException(String message) {
            super(message);
        }
    }
}
