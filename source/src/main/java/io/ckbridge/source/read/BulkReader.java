package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Bulk mode: reads whole token-range slices of a table, a page per call, fetching the next page
 * while Kafka takes the current one. Offsets mark the last partition fully sent in a slice, so a
 * restart resumes there (rows of a partition cut by the restart are sent again). With an
 * interval the table is read again after each complete pass; without, once. A page that fails
 * to arrive is asked for again at the next call, with the paging state of the page before it:
 * the slice goes on from the last page handed to Kafka, neither from its start nor with a gap.
 */
public final class BulkReader implements TableReader {
    static final String RUN = "run";
    static final String AFTER = "after";
    static final String DONE = "done";

    private final CqlSession session;
    private ResolvedRoute route;
    private RowRecords records;
    private PreparedStatement query;
    private final List<TokenSplit> splits;
    private final Map<TokenSplit, Map<String, Object>> stored;
    private final long intervalMillis;
    private final int fetchSize;
    private final ConsistencyLevel consistency;
    private final Clock clock;
    private int tokenIndex;

    private Deque<TokenSplit> pending;
    private int run;
    private TokenSplit current;
    /** The page on its way; null after a failed one, until it is asked for again. */
    private CompletionStage<AsyncResultSet> page;
    /** The token the current slice's query starts after, and where its next page starts (null: at the first). */
    private long queryAfter;
    private ByteBuffer nextPageState;
    private long completedToken;
    private long currentToken;
    private boolean sawRow;
    private long nextDue;
    private long passEndedAt = -1;

    public BulkReader(CqlSession session, ResolvedRoute route, List<TokenSplit> splits, Map<TokenSplit, Map<String,
            Object>> stored,
                      long intervalMillis, int fetchSize, ConsistencyLevel consistency, Clock clock) {
        this.session = session;
        this.route = route;
        this.splits = splits;
        this.stored = stored;
        this.intervalMillis = intervalMillis;
        this.fetchSize = fetchSize;
        this.consistency = consistency;
        this.clock = clock;
        this.query = prepare(route);
        this.records = new RowRecords(route);
        this.tokenIndex = route.selected().size();
        startRun(runOf(stored));
    }

    private PreparedStatement prepare(ResolvedRoute resolved) {
        List<ColumnMetadata> selected = resolved.selected();
        String partitionKey = resolved.table().getPartitionKey().stream().map(c -> c.getName().asCql(true))
                .collect(Collectors.joining(", "));
        return session.prepare("SELECT " + selected.stream().map(c -> c.getName().asCql(true))
                .collect(Collectors.joining(", "))
                + ", token(" + partitionKey + ") FROM " + resolved.qualifiedName()
                + " WHERE token(" + partitionKey + ") > ? AND token(" + partitionKey + ") <= ?");
    }

    @Override
    public ResolvedRoute route() {
        return route;
    }

    /**
     * The page fetched ahead has the old columns: it is dropped, and the current slice goes on
     * after its last partition fully sent (the rows of the partition cut are sent again, as after
     * a restart). Prepared first: if that fails, the reader reads on as it was.
     */
    @Override
    public void reroute(ResolvedRoute next) {
        PreparedStatement nextQuery = prepare(next);
        route = next;
        query = nextQuery;
        records = new RowRecords(next);
        tokenIndex = next.selected().size();
        if (current != null) {
            page = null;
            nextPageState = null;
            queryAfter = completedToken;
            currentToken = completedToken;
            sawRow = false;
        }
    }

    @Override
    public RecordSchemas schemas() {
        return records.schemas();
    }

    private static int runOf(Map<TokenSplit, Map<String, Object>> stored) {
        return stored.values().stream().mapToInt(offset -> ((Number) offset.getOrDefault(RUN, 0)).intValue()).max()
                .orElse(0);
    }

    private void startRun(int number) {
        run = number;
        pending = new ArrayDeque<>();
        for (TokenSplit split : splits) {
            Map<String, Object> offset = stored.get(split);
            boolean sameRun = offset != null && ((Number) offset.getOrDefault(RUN, 0)).intValue() == run;
            if (!sameRun || !Boolean.TRUE.equals(offset.get(DONE))) {
                pending.add(split);
            }
        }
    }

    @Override
    public String describe() {
        return route.qualifiedName() + " in " + splits.size() + " token-range slice(s), pass " + run
                + (current == null ? "" : ", at slice " + current);
    }

    @Override
    public long nextDueMillis() {
        return nextDue;
    }

    @Override
    public List<SourceRecord> read() {
        if (current == null) {
            if (pending.isEmpty()) {
                return finishedPass();
            }
            current = pending.poll();
            long after = resumeToken(current);
            completedToken = after;
            currentToken = after;
            sawRow = false;
            queryAfter = after;
            nextPageState = null;
        }
        if (page == null) {
            page = session.executeAsync(query.bind(queryAfter, current.end()).setPageSize(fetchSize)
                    .setConsistencyLevel(consistency).setPagingState(nextPageState));
        }
        AsyncResultSet rows;
        try {
            rows = page.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            page = null; // asked for again, from the same place, at the next call
            if (e.getCause() instanceof DriverException failure) {
                throw failure;
            }
            throw new ConnectException("Reading " + route.qualifiedName() + " (token slice " + current + ") failed: "
                    + e.getCause(), e.getCause());
        }
        boolean last = !rows.hasMorePages();
        if (!last) {
            nextPageState = rows.getExecutionInfo().getPagingState();
            page = rows.fetchNextPage(); // fetched while Kafka takes this page
        }
        Map<String, String> partition = SourcePartitions.split(route, current);
        List<SourceRecord> result = new ArrayList<>(rows.remaining());
        List<Row> pageRows = new ArrayList<>(rows.remaining());
        rows.currentPage().forEach(pageRows::add);
        for (int i = 0; i < pageRows.size(); i++) {
            Row row = pageRows.get(i);
            long token = row.getLong(tokenIndex);
            if (sawRow && token != currentToken) {
                completedToken = currentToken;
            }
            currentToken = token;
            sawRow = true;
            Map<String, Object> offset = new HashMap<>();
            offset.put(RUN, run);
            boolean splitDone = last && i == pageRows.size() - 1;
            offset.put(AFTER, splitDone ? current.end() : completedToken);
            offset.put(DONE, splitDone);
            result.add(records.record(row, partition, offset));
        }
        if (last) {
            current = null;
            page = null;
        }
        nextDue = clock.millis();
        return result;
    }

    /** Where a slice resumes: after the last partition fully sent in this pass, else its start. */
    private long resumeToken(TokenSplit split) {
        Map<String, Object> offset = stored.get(split);
        if (offset != null && ((Number) offset.getOrDefault(RUN, 0)).intValue() == run && offset.get(AFTER) != null) {
            return ((Number) offset.get(AFTER)).longValue();
        }
        return split.start();
    }

    /** All slices read: idle for good (a snapshot), or until the interval has passed since the pass ended. */
    private List<SourceRecord> finishedPass() {
        long now = clock.millis();
        if (intervalMillis <= 0) {
            nextDue = Long.MAX_VALUE;
            return List.of();
        }
        if (passEndedAt < 0) {
            passEndedAt = now;
        }
        if (now - passEndedAt >= intervalMillis) {
            passEndedAt = -1;
            stored.clear();
            startRun(run + 1);
            nextDue = now;
        } else {
            nextDue = passEndedAt + intervalMillis;
        }
        return List.of();
    }
}
