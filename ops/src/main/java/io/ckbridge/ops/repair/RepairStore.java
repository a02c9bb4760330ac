package io.ckbridge.ops.repair;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The repair state, in a keyspace of its own created on first use: runs, their segments,
 * schedules, and leases taken with lightweight transactions (a row with a TTL that only its
 * owner renews or removes), so that ops instances sharing the keyspace never run one segment
 * twice and a crashed instance's work is taken over once its leases expire.
 */
public final class RepairStore {
    private static final String REQUEST_COLUMNS = "keyspace_name, tables, segments_per_node, intensity, parallelism, "
            + "incremental";

    private final CqlSession session;
    private final String keyspace;
    private final PreparedStatement insertRun;
    private final PreparedStatement insertSegment;
    private final PreparedStatement updateSegment;
    private final PreparedStatement setRunState;
    private final PreparedStatement setPacedUntil;
    private final PreparedStatement selectRun;
    private final PreparedStatement selectRuns;
    private final PreparedStatement selectSegments;
    private final PreparedStatement insertSchedule;
    private final PreparedStatement selectSchedules;
    private final PreparedStatement deleteSchedule;
    private final PreparedStatement advanceSchedule;
    private final PreparedStatement takeLease;
    private final PreparedStatement renewLease;
    private final PreparedStatement releaseLease;

    /**
     * @param replication the keyspace's replication, {@code dc:rf,...}; empty: every data centre
     *                    with three replicas, or as many as it has nodes
     */
    public RepairStore(CqlSession session, String keyspace, String replication) {
        this.session = session;
        this.keyspace = keyspace;
        createSchema(replication);
        insertRun = prepare("INSERT INTO %s.runs (id, " + REQUEST_COLUMNS + ", state, cause, schedule_id, created_at, "
                + "ended_at, segment_count, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertSegment = prepare("INSERT INTO %s.segments (run_id, seq, ranges, replicas, state, attempts) "
                + "VALUES (?, ?, ?, ?, ?, 0)");
        updateSegment = prepare("UPDATE %s.segments SET state = ?, attempts = ?, coordinator = ?, started_at = ?, "
                + "ended_at = ?, took_ms = ?, error = ? WHERE run_id = ? AND seq = ?");
        setRunState = prepare("UPDATE %s.runs SET state = ?, ended_at = ?, error = ? WHERE id = ? IF state IN ?");
        setPacedUntil = prepare("UPDATE %s.runs SET paced_until = ? WHERE id = ?");
        selectRun = prepare("SELECT * FROM %s.runs WHERE id = ?");
        selectRuns = prepare("SELECT * FROM %s.runs");
        selectSegments = prepare("SELECT * FROM %s.segments WHERE run_id = ?");
        insertSchedule = prepare("INSERT INTO %s.schedules (id, " + REQUEST_COLUMNS + ", every_seconds, next_run, "
                + "active, created_at, last_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        selectSchedules = prepare("SELECT * FROM %s.schedules");
        deleteSchedule = prepare("DELETE FROM %s.schedules WHERE id = ?");
        advanceSchedule = prepare("UPDATE %s.schedules SET next_run = ?, last_run = ? WHERE id = ? IF next_run = ?");
        takeLease = prepare("INSERT INTO %s.leases (resource, owner, taken_at) VALUES (?, ?, ?) IF NOT EXISTS "
                + "USING TTL ?");
        renewLease = prepare("UPDATE %s.leases USING TTL ? SET owner = ?, taken_at = ? WHERE resource = ? "
                + "IF owner = ?");
        releaseLease = prepare("DELETE FROM %s.leases WHERE resource = ? IF owner = ?");
    }

    public String keyspace() {
        return keyspace;
    }

    private void createSchema(String replication) {
        run("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = " + replicationMap(replication));
        run("CREATE TABLE IF NOT EXISTS %s.runs (id uuid PRIMARY KEY, keyspace_name text, tables list<text>, "
                + "segments_per_node int, intensity double, parallelism text, incremental boolean, state text, "
                + "cause text, schedule_id uuid, created_at timestamp, ended_at timestamp, segment_count int, "
                + "error text, paced_until timestamp)");
        run("CREATE TABLE IF NOT EXISTS %s.segments (run_id uuid, seq int, ranges text, replicas set<text>, "
                + "state text, attempts int, coordinator text, started_at timestamp, ended_at timestamp, "
                + "took_ms bigint, error text, PRIMARY KEY (run_id, seq))");
        run("CREATE TABLE IF NOT EXISTS %s.schedules (id uuid PRIMARY KEY, keyspace_name text, tables list<text>, "
                + "segments_per_node int, intensity double, parallelism text, incremental boolean, "
                + "every_seconds bigint, next_run timestamp, active boolean, created_at timestamp, last_run uuid)");
        run("CREATE TABLE IF NOT EXISTS %s.leases (resource text PRIMARY KEY, owner text, taken_at timestamp)");
        // a state keyspace made by an earlier version gets the columns added since
        boolean hasPacing = session.getMetadata().getKeyspace(keyspace).flatMap(ks -> ks.getTable("runs"))
                .flatMap(table -> table.getColumn("paced_until")).isPresent();
        if (!hasPacing) {
            run("ALTER TABLE %s.runs ADD paced_until timestamp");
        }
    }

    /** {@code dc1:3,dc2:3} as CQL; empty: each data centre the session sees with min(3, its nodes). */
    String replicationMap(String replication) {
        Map<String, Integer> factors = new TreeMap<>();
        if (replication == null || replication.isBlank()) {
            for (Node node : session.getMetadata().getNodes().values()) {
                factors.merge(node.getDatacenter() == null ? "datacenter1" : node.getDatacenter(), 1, Integer::sum);
            }
            factors.replaceAll((dc, nodes) -> Math.min(3, nodes));
        } else {
            for (String part : replication.split(",")) {
                String[] dcFactor = part.trim().split(":");
                if (dcFactor.length != 2) {
                    throw new IllegalArgumentException("repair.keyspace.replication: '" + part.trim()
                            + "' is not datacenter:factor");
                }
                factors.put(dcFactor[0].trim(), Integer.parseInt(dcFactor[1].trim()));
            }
        }
        return factors.entrySet().stream().map(entry -> "'" + entry.getKey() + "': " + entry.getValue())
                .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
    }

    // ---- runs

    public void createRun(RepairRun run, List<Segment> segments) {
        List<CompletionStage<?>> writes = new ArrayList<>();
        for (int seq = 0; seq < segments.size(); seq++) {
            Segment segment = segments.get(seq);
            writes.add(session.executeAsync(quorum(insertSegment.bind(run.id(), seq, ranges(segment),
                    segment.replicas(), SegmentState.PENDING.name()))));
        }
        writes.forEach(write -> write.toCompletableFuture().join());
        // the run last: a run is only seen once all its segments are there
        execute(insertRun.bind(run.id(), run.request().keyspace(), run.request().tables(),
                run.request().segmentsPerNode(), run.request().intensity(), run.request().parallelism().name(),
                run.request().incremental(), run.state().name(), run.cause(), run.scheduleId(), run.createdAt(),
                run.endedAt(), run.segmentCount(), run.error()));
    }

    public Optional<RepairRun> run(UUID id) {
        Row row = execute(selectRun.bind(id)).one();
        return Optional.ofNullable(row).map(RepairStore::run);
    }

    /** Every run, newest first. */
    public List<RepairRun> runs() {
        List<RepairRun> runs = new ArrayList<>();
        execute(selectRuns.bind()).forEach(row -> runs.add(run(row)));
        runs.sort(Comparator.comparing(RepairRun::createdAt).reversed());
        return runs;
    }

    /** Moves a run to {@code to} if it is in one of {@code from}; false when it was not (another change won). */
    public boolean setRunState(UUID id, RunState to, Set<RunState> from, Instant endedAt, String error) {
        List<String> states = from.stream().map(Enum::name).toList();
        return execute(setRunState.bind(to.name(), endedAt, error, id, states)).wasApplied();
    }

    /** No segment of the run starts before {@code until} (its intensity's pause). */
    public void setPacedUntil(UUID id, Instant until) {
        execute(setPacedUntil.bind(until, id));
    }

    public List<SegmentRecord> segments(UUID runId) {
        List<SegmentRecord> segments = new ArrayList<>();
        execute(selectSegments.bind(runId)).forEach(row -> segments.add(new SegmentRecord(runId, row.getInt("seq"),
                new Segment(parseRanges(row.getString("ranges")), row.getSet("replicas", String.class)),
                SegmentState.valueOf(row.getString("state")), row.getInt("attempts"), row.getString("coordinator"),
                row.getInstant("started_at"), row.getInstant("ended_at"), row.getLong("took_ms"),
                row.getString("error"))));
        segments.sort(Comparator.comparingInt(SegmentRecord::seq));
        return segments;
    }

    public void updateSegment(SegmentRecord segment) {
        execute(updateSegment.bind(segment.state().name(), segment.attempts(), segment.coordinator(),
                segment.startedAt(), segment.endedAt(), segment.tookMs(), segment.error(), segment.runId(),
                segment.seq()));
    }

    // ---- schedules

    public void saveSchedule(RepairSchedule schedule) {
        RepairRequest request = schedule.request();
        execute(insertSchedule.bind(schedule.id(), request.keyspace(), request.tables(), request.segmentsPerNode(),
                request.intensity(), request.parallelism().name(), request.incremental(), schedule.every().toSeconds(),
                schedule.nextRun(), schedule.active(), schedule.createdAt(), schedule.lastRunId()));
    }

    public List<RepairSchedule> schedules() {
        List<RepairSchedule> schedules = new ArrayList<>();
        execute(selectSchedules.bind()).forEach(row -> schedules.add(new RepairSchedule(row.getUuid("id"),
                request(row), Duration.ofSeconds(row.getLong("every_seconds")), row.getInstant("next_run"),
                row.getBoolean("active"), row.getInstant("created_at"), row.getUuid("last_run"))));
        schedules.sort(Comparator.comparing(RepairSchedule::createdAt));
        return schedules;
    }

    public Optional<RepairSchedule> schedule(UUID id) {
        return schedules().stream().filter(schedule -> schedule.id().equals(id)).findFirst();
    }

    public void deleteSchedule(UUID id) {
        execute(deleteSchedule.bind(id));
    }

    /** Moves a due schedule on, if no other instance did since it was read; true: this caller starts its run. */
    public boolean advanceSchedule(RepairSchedule schedule, Instant next, UUID runId) {
        return execute(advanceSchedule.bind(next, runId, schedule.id(), schedule.nextRun())).wasApplied();
    }

    // ---- leases

    /** Takes {@code resource} for {@code ttl}, or keeps it if {@code owner} held it already (a restarted instance). */
    public boolean takeLease(String resource, String owner, Duration ttl) {
        return takeLeaseAsync(resource, owner, ttl).toCompletableFuture().join();
    }

    /** As {@link #takeLease}, without waiting: several leases are then taken in one round of Paxos. */
    public CompletionStage<Boolean> takeLeaseAsync(String resource, String owner, Duration ttl) {
        return session.executeAsync(quorum(takeLease.bind(resource, owner, Instant.now(), (int) ttl.toSeconds())))
                .thenCompose(taken -> {
                    if (taken.wasApplied()) {
                        return CompletableFuture.completedFuture(true);
                    }
                    Row holder = taken.one();
                    if (holder == null || !owner.equals(holder.getString("owner"))) {
                        return CompletableFuture.completedFuture(false);
                    }
                    return session.executeAsync(quorum(renewLease.bind((int) ttl.toSeconds(), owner, Instant.now(),
                            resource, owner))).thenApply(AsyncResultSet::wasApplied);
                });
    }

    /** Releases leases without waiting for each. */
    public CompletionStage<Void> releaseLeasesAsync(List<String> resources, String owner) {
        CompletableFuture<?>[] releases = resources.stream().map(resource -> session.executeAsync(quorum(
                releaseLease.bind(resource, owner))).toCompletableFuture()).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(releases);
    }

    public boolean renewLease(String resource, String owner, Duration ttl) {
        return execute(renewLease.bind((int) ttl.toSeconds(), owner, Instant.now(), resource, owner)).wasApplied();
    }

    // ---- Cassandra's own repair history

    /** The repairs of {@code keyspace} Cassandra recorded since {@code since} (parent_repair_history). */
    public List<ParentRepair> parentRepairs(String keyspace, Instant since) {
        List<ParentRepair> repairs = new ArrayList<>();
        SimpleStatement select = SimpleStatement.newInstance("SELECT keyspace_name, requested_ranges, started_at, "
                + "finished_at, exception_message FROM system_distributed.parent_repair_history")
                .setConsistencyLevel(ConsistencyLevel.LOCAL_ONE);
        for (Row row : session.execute(select)) {
            Instant started = row.getInstant("started_at");
            if (keyspace.equals(row.getString("keyspace_name")) && started != null && !started.isBefore(since)) {
                Set<TokenRange> ranges = new HashSet<>();
                row.getSet("requested_ranges", String.class).forEach(range -> ranges.add(TokenRange.parse(range)));
                repairs.add(new ParentRepair(ranges, started, row.getInstant("finished_at"),
                        row.getString("exception_message")));
            }
        }
        return repairs;
    }

    /** One repair as Cassandra recorded it: unfinished while {@code finishedAt} is null. */
    public record ParentRepair(Set<TokenRange> ranges, Instant startedAt, Instant finishedAt, String error) {
    }

    // ----

    static String ranges(Segment segment) {
        return segment.ranges().stream().map(TokenRange::toString).collect(Collectors.joining(" "));
    }

    static List<TokenRange> parseRanges(String text) {
        return Arrays.stream(text.trim().split("\\s+")).map(TokenRange::parse).toList();
    }

    private static RepairRun run(Row row) {
        return new RepairRun(row.getUuid("id"), request(row), RunState.valueOf(row.getString("state")),
                row.getString("cause"), row.getUuid("schedule_id"), row.getInstant("created_at"),
                row.getInstant("ended_at"), row.getInt("segment_count"), row.getString("error"),
                row.getInstant("paced_until"));
    }

    private static RepairRequest request(Row row) {
        return new RepairRequest(row.getString("keyspace_name"), row.getList("tables", String.class),
                row.getInt("segments_per_node"), row.getDouble("intensity"),
                RepairParallelism.valueOf(row.getString("parallelism")), row.getBoolean("incremental"));
    }

    private PreparedStatement prepare(String cql) {
        return session.prepare(cql.formatted(keyspace));
    }

    private void run(String cql) {
        session.execute(SimpleStatement.newInstance(cql.formatted(keyspace)).setTimeout(Duration.ofSeconds(60)));
    }

    private ResultSet execute(BoundStatement statement) {
        return session.execute(quorum(statement));
    }

    private static BoundStatement quorum(BoundStatement statement) {
        return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }
}
