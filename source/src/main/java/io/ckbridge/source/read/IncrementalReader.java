package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ckbridge.source.route.TableRoute;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Incremental mode: each poll reads the rows whose timestamp (or timeuuid time) lies in
 * [last offset, now − delay], sorted by time. The lower bound is inclusive and the keys already
 * sent at exactly that time travel in the offset, so rows sharing the boundary time are neither
 * lost nor sent twice after a restart.
 */
public final class IncrementalReader implements TableReader {
    static final String TS = "ts";
    /** Connect offsets hold only primitive values: the keys travel as one JSON array in a string. */
    static final String KEYS = "keys";

    private final CqlSession session;
    private final ResolvedRoute route;
    private final RowRecords records;
    private final PreparedStatement query;
    private final Map<String, String> partition;
    private final Clock clock;
    private final Settings settings;
    private final int[] keyIndexes;
    private final int timeIndex;
    private long lowerMillis;
    private Set<String> boundaryKeys;
    private long windowMillis;
    private long nextDue;

    /** How the reader polls; {@code timeSlice} 0 means no limit to a window. */
    public record Settings(Duration pollInterval, Duration delay, int fetchSize, int maxRowsPerPoll, Duration timeSlice,
                           ConsistencyLevel consistency) {
    }

    public IncrementalReader(CqlSession session, ResolvedRoute route, Settings settings, Instant initialOffset,
                             Map<String, Object> storedOffset, Clock clock) {
        this.session = session;
        this.route = route;
        this.records = new RowRecords(route);
        this.settings = settings;
        this.clock = clock;
        this.partition = SourcePartitions.table(route);
        List<ColumnMetadata> selected = route.selected();
        this.keyIndexes = route.keyColumns().stream().mapToInt(selected::indexOf).toArray();
        ColumnMetadata time = route.incrementalColumn().orElseThrow();
        this.timeIndex = selected.indexOf(time);
        String column = time.getName().asCql(true);
        String condition = route.mode() == TableRoute.ReadMode.TIMEUUID
                ? column + " >= minTimeuuid(?) AND " + column + " <= maxTimeuuid(?)"
                : column + " >= ? AND " + column + " <= ?";
        this.query = session.prepare("SELECT " + selected.stream().map(c -> c.getName().asCql(true))
                .collect(Collectors.joining(", "))
                + " FROM " + route.qualifiedName() + " WHERE " + condition + " ALLOW FILTERING");
        if (storedOffset != null && storedOffset.get(TS) != null) {
            this.lowerMillis = ((Number) storedOffset.get(TS)).longValue();
            this.boundaryKeys = BoundaryKeys.decode(storedOffset.get(KEYS));
        } else {
            this.lowerMillis = initialOffset.toEpochMilli();
            this.boundaryKeys = new LinkedHashSet<>();
        }
        this.windowMillis = settings.timeSlice().isZero() ? Long.MAX_VALUE : settings.timeSlice().toMillis();
    }

    @Override
    public String describe() {
        return route.qualifiedName() + " by " + route.incrementalColumn().orElseThrow().getName().asCql(true)
                + " from " + Instant.ofEpochMilli(lowerMillis);
    }

    @Override
    public long nextDueMillis() {
        return nextDue;
    }

    private record Candidate(long millis, UUID timeuuid, String key, Row row) {
    }

    @Override
    public List<SourceRecord> read() {
        long now = clock.millis();
        long limit = now - settings.delay().toMillis();
        if (limit < lowerMillis) {
            nextDue = now + settings.pollInterval().toMillis();
            return List.of();
        }
        long upper = windowMillis == Long.MAX_VALUE ? limit : Math.min(limit, saturatedAdd(lowerMillis, windowMillis));
        List<Candidate> rows = new ArrayList<>();
        Object lowerBound = Instant.ofEpochMilli(lowerMillis);
        Object upperBound = Instant.ofEpochMilli(upper);
        for (Row row : session.execute(query.bind(lowerBound, upperBound).setPageSize(settings.fetchSize())
                .setConsistencyLevel(settings.consistency()))) {
            long millis;
            UUID timeuuid = null;
            if (route.mode() == TableRoute.ReadMode.TIMEUUID) {
                timeuuid = row.getUuid(timeIndex);
                millis = Uuids.unixTimestamp(timeuuid);
            } else {
                millis = row.getInstant(timeIndex).toEpochMilli();
            }
            String key = RowKeys.of(row, route.keyColumns(), keyIndexes);
            if (millis == lowerMillis && boundaryKeys.contains(key)) {
                continue; // sent before, at the boundary time
            }
            rows.add(new Candidate(millis, timeuuid, key, row));
        }
        Comparator<Candidate> order = Comparator.comparingLong(Candidate::millis);
        if (route.mode() == TableRoute.ReadMode.TIMEUUID) {
            order = order.thenComparingLong(c -> c.timeuuid().timestamp()).thenComparing(c -> c.timeuuid().toString());
        }
        rows.sort(order.thenComparing(Candidate::key));
        boolean truncated = rows.size() > settings.maxRowsPerPoll();
        List<Candidate> batch = truncated ? rows.subList(0, settings.maxRowsPerPoll()) : rows;
        List<SourceRecord> result = new ArrayList<>(batch.size());
        for (Candidate candidate : batch) {
            if (candidate.millis() != lowerMillis) {
                lowerMillis = candidate.millis();
                boundaryKeys = new LinkedHashSet<>();
            }
            boundaryKeys.add(candidate.key());
            Map<String, Object> offset = new HashMap<>();
            offset.put(TS, lowerMillis);
            offset.put(KEYS, BoundaryKeys.encode(boundaryKeys));
            result.add(records.record(candidate.row(), partition, offset));
        }
        adaptWindow(truncated, rows.size(), upper, limit);
        nextDue = truncated ? now : now + settings.pollInterval().toMillis();
        return result;
    }

    /** Halves a window that held too many rows for one poll; widens one that held few, up to the configured slice. */
    private void adaptWindow(boolean truncated, int rows, long upper, long limit) {
        long configured = settings.timeSlice().isZero() ? Long.MAX_VALUE : settings.timeSlice().toMillis();
        if (truncated) {
            long span = Math.max(1, upper - lowerMillis);
            windowMillis = Math.max(1000, span / 2);
        } else if (rows < settings.maxRowsPerPoll() / 4 && windowMillis < configured) {
            windowMillis = windowMillis > configured / 2 ? configured : windowMillis * 2;
        }
        if (!truncated && rows == 0 && upper < limit) {
            // An empty slice short of 'now - delay': move on to the next one. Without slices the
            // lower bound only moves with rows sent, so a row written late with an old time is
            // still found (as Stream Reactor's users expect).
            lowerMillis = upper;
            boundaryKeys = new LinkedHashSet<>();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
