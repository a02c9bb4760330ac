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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental mode: each poll reads the rows whose timestamp (or timeuuid time) lies in a window
 * from the last offset, at most a slice long and never past now − delay, and sends the earliest
 * of them in time order. The lower bound is inclusive and the offset tells which rows at exactly
 * that time were sent, so rows sharing the boundary time are neither lost nor sent twice after a
 * restart. The rules are {@link IncrementalCursor}'s; this class runs its queries.
 */
public final class IncrementalReader implements TableReader {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalReader.class);

    private final CqlSession session;
    private final Map<String, String> partition;
    private final Clock clock;
    private final Settings settings;
    private ResolvedRoute route;
    private RowRecords records;
    private int[] keyIndexes;
    private int timeIndex;
    private final IncrementalCursor<Row> cursor;
    private long nextDue;

    /**
     * How the reader polls; {@code timeSlice} 0 means no limit to a window. At most
     * {@code maxRowsPerPoll} rows are held per poll, and an offset lists at most
     * {@code maxBoundaryKeys} keys.
     */
    public record Settings(Duration pollInterval, Duration delay, int fetchSize, int maxRowsPerPoll, Duration timeSlice,
                           int maxBoundaryKeys, ConsistencyLevel consistency) {
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
        Boundary stored = Boundary.stored(storedOffset);
        this.cursor = new IncrementalCursor<>(new CqlTable(session, route, selected, time, settings), this::position,
                new IncrementalCursor.Limits(settings.maxRowsPerPoll(), settings.maxBoundaryKeys(),
                        settings.timeSlice().toMillis()),
                stored != null ? stored : Boundary.at(initialOffset.toEpochMilli()));
    }

    @Override
    public ResolvedRoute route() {
        return route;
    }

    /** Prepares the new query first: if that fails, the reader reads on as it was. */
    @Override
    public void reroute(ResolvedRoute next) {
        List<ColumnMetadata> selected = next.selected();
        ColumnMetadata time = next.incrementalColumn().orElseThrow();
        cursor.reading(new CqlTable(session, next, selected, time, settings));
        route = next;
        records = new RowRecords(next);
        keyIndexes = next.keyColumns().stream().mapToInt(selected::indexOf).toArray();
        timeIndex = selected.indexOf(time);
    }

    @Override
    public RecordSchemas schemas() {
        return records.schemas();
    }

    /** The two queries of {@link IncrementalCursor.Table}, on the route's table. */
    private static final class CqlTable implements IncrementalCursor.Table<Row> {
        private final CqlSession session;
        private final Settings settings;
        private final boolean timeuuid;
        private final PreparedStatement rows;
        private final PreparedStatement firstTime;

        CqlTable(CqlSession session, ResolvedRoute route, List<ColumnMetadata> selected, ColumnMetadata time,
                 Settings settings) {
            this.session = session;
            this.settings = settings;
            this.timeuuid = route.mode() == TableRoute.ReadMode.TIMEUUID;
            String column = time.getName().asCql(true);
            String window = timeuuid
                    ? column + " >= minTimeuuid(?) AND " + column + " <= maxTimeuuid(?)"
                    : column + " >= ? AND " + column + " <= ?";
            String after = timeuuid
                    ? column + " > maxTimeuuid(?) AND " + column + " <= maxTimeuuid(?)"
                    : column + " > ? AND " + column + " <= ?";
            this.rows = session.prepare("SELECT " + selected.stream().map(c -> c.getName().asCql(true))
                    .collect(Collectors.joining(", "))
                    + " FROM " + route.qualifiedName() + " WHERE " + window + " ALLOW FILTERING");
            this.firstTime = session.prepare("SELECT min(" + column + ") FROM " + route.qualifiedName() + " WHERE "
                    + after + " ALLOW FILTERING");
        }

        /** Streamed: the driver fetches the next page as the previous one is used up. */
        @Override
        public Iterable<Row> rows(long fromMillis, long toMillis) {
            return session.execute(rows.bind(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis))
                    .setPageSize(settings.fetchSize()).setConsistencyLevel(settings.consistency()));
        }

        @Override
        public OptionalLong firstTimeAfter(long afterMillis, long toMillis) {
            Row row = session.execute(firstTime.bind(Instant.ofEpochMilli(afterMillis), Instant.ofEpochMilli(toMillis))
                    .setPageSize(settings.fetchSize()).setConsistencyLevel(settings.consistency())).one();
            if (row == null || row.isNull(0)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(timeuuid ? Uuids.unixTimestamp(row.getUuid(0)) : row.getInstant(0).toEpochMilli());
        }
    }

    private RowPosition position(Row row) {
        String key = RowKeys.of(row, route.keyColumns(), keyIndexes);
        if (route.mode() == TableRoute.ReadMode.TIMEUUID) {
            UUID timeuuid = row.getUuid(timeIndex);
            return new RowPosition(Uuids.unixTimestamp(timeuuid), timeuuid, key);
        }
        return new RowPosition(row.getInstant(timeIndex).toEpochMilli(), null, key);
    }

    @Override
    public String describe() {
        return route.qualifiedName() + " by " + route.incrementalColumn().orElseThrow().getName().asCql(true)
                + " from " + Instant.ofEpochMilli(cursor.boundary().millis());
    }

    @Override
    public long nextDueMillis() {
        return nextDue;
    }

    @Override
    public List<SourceRecord> read() {
        long now = clock.millis();
        IncrementalCursor.Batch<Row> batch = cursor.next(now - settings.delay().toMillis());
        List<SourceRecord> result = new ArrayList<>(batch.rows().size());
        Set<String> encodedFor = null;
        String encoded = null;
        for (IncrementalCursor.Sent<Row> sent : batch.rows()) {
            Boundary boundary = sent.boundary();
            if (boundary.keys() != encodedFor) { // a poll's offsets mostly share one key list: written once
                encodedFor = boundary.keys();
                encoded = BoundaryKeys.encode(encodedFor);
            }
            Map<String, Object> offset = new HashMap<>();
            boundary.storeIn(offset, encoded);
            result.add(records.record(sent.row(), partition, offset));
        }
        if (LOG.isDebugEnabled() && (!result.isEmpty() || batch.behind())) {
            LOG.debug("{}: {} row(s), {}", describe(), result.size(), batch.behind() ? "more waiting" : "caught up");
        }
        nextDue = batch.behind() ? now : now + settings.pollInterval().toMillis();
        return result;
    }
}
