package io.ckbridge.source.schema;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.ckbridge.source.read.RecordSchemas;
import io.ckbridge.source.read.ResolvedRoute;
import io.ckbridge.source.read.TableReader;
import io.ckbridge.source.route.TableRoute;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader that follows its table's changes and reads only what may be produced. Before each
 * read it looks at the table in the driver's metadata (refreshed by Cassandra's schema change
 * events): a column added or dropped reroutes the reader, which keeps its position, so the next
 * records carry the new columns without a restart. The new schemas are then checked (the schema
 * registry, when one is configured) before any row of them is read. A refused schema, a table or
 * selected column gone, or a registry that does not answer holds this route alone: nothing is
 * read, so nothing is lost; it is tried again with a backoff and reading resumes where it stopped.
 */
public final class SchemaFollowingReader implements TableReader {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaFollowingReader.class);
    private static final long FIRST_RETRY_MS = 1_000;
    private static final long LONGEST_RETRY_MS = 30_000;

    private final String connector;
    private final TableReader reader;
    private final Tables tables;
    private final SchemaCheck check;
    private final Clock clock;
    private TableMetadata followed;
    private String heldBecause;
    private long retryMs;
    private long heldUntil;

    public SchemaFollowingReader(String connector, TableReader reader,
                                 Tables tables, SchemaCheck check, Clock clock) {
        this.connector = connector;
        this.reader = reader;
        this.tables = tables;
        this.check = check;
        this.clock = clock;
        this.followed = reader.route().table();
    }

    @Override
    public List<SourceRecord> read() {
        Optional<String> hold = follow().or(() -> check.refusal(reader.schemas()));
        if (hold.isPresent()) {
            hold(hold.get());
            return List.of();
        }
        if (heldBecause != null) {
            LOG.info("Connector {}: reading {} resumes from where it stopped", connector, reader.describe());
            heldBecause = null;
            retryMs = 0;
        }
        try {
            return reader.read();
        } catch (InvalidQueryException e) {
            return afterFailedQuery(e);
        }
    }

    /**
     * The query may have failed because the table changed under it (a column dropped since the
     * last look, "Undefined column name"): looked at again, and if so, read again through the new
     * query next time. The reader's position did not move. Any other failure is the caller's.
     */
    private List<SourceRecord> afterFailedQuery(InvalidQueryException failure) {
        TableMetadata before = followed;
        tables.lookAgain();
        Optional<String> hold = follow();
        if (hold.isPresent()) {
            hold(hold.get());
            return List.of();
        }
        if (followed == before) {
            throw failure;
        }
        return List.of();
    }

    /** Reroutes the reader when its table changed; why it cannot read the table now, if so. */
    private Optional<String> follow() {
        TableRoute configured = reader.route().route();
        Optional<TableMetadata> table = tables.table(configured);
        if (table.isEmpty()) {
            return Optional.of("table " + configured.qualifiedName() + " does not exist any more; create it again "
                    + "or remove it from " + configured.origin());
        }
        if (table.get() == followed) {
            return Optional.empty();
        }
        ResolvedRoute now;
        try {
            now = ResolvedRoute.resolve(configured, table.get());
        } catch (ResolvedRoute.RouteException e) {
            return Optional.of(e.getMessage() + "; fix the table or " + configured.origin());
        }
        ResolvedRoute was = reader.route();
        if (now.mode() != was.mode()) {
            return Optional.of("the incremental column of " + configured.qualifiedName() + " changed type (read "
                    + was.mode() + ", now " + now.mode() + "): its stored offsets do not fit it; restore the "
                    + "column's type, or read the table under a new connector name");
        }
        if (!now.keyColumns().equals(was.keyColumns()) || !now.valueColumns().equals(was.valueColumns())
                || !now.incrementalColumn().equals(was.incrementalColumn())) {
            reader.reroute(now);
            LOG.info("Connector {}: table {} changed; its records carry the columns {} from now on", connector,
                    now.qualifiedName(), now.valueColumns().stream().map(c -> c.getName().asCql(true)).toList());
        }
        followed = table.get();
        return Optional.empty();
    }

    private void hold(String reason) {
        long now = clock.millis();
        if (!reason.equals(heldBecause)) {
            LOG.error("Connector {}: reading {} (topic {}) stops: {}. Its rows wait in Cassandra and nothing is "
                    + "skipped: reading resumes from where it stopped once this is fixed; the connector's other tables "
                    + "read on.", connector, reader.describe(), reader.schemas().topic(), reason);
            heldBecause = reason;
        }
        retryMs = retryMs == 0 ? FIRST_RETRY_MS : Math.min(LONGEST_RETRY_MS, retryMs * 2);
        heldUntil = now + retryMs;
    }

    /** Why this route is held, if it is. */
    public Optional<String> heldBecause() {
        return Optional.ofNullable(heldBecause);
    }

    @Override
    public long nextDueMillis() {
        return heldBecause != null ? heldUntil : reader.nextDueMillis();
    }

    @Override
    public String describe() {
        return reader.describe();
    }

    @Override
    public ResolvedRoute route() {
        return reader.route();
    }

    @Override
    public void reroute(ResolvedRoute route) {
        reader.reroute(route);
    }

    @Override
    public RecordSchemas schemas() {
        return reader.schemas();
    }

    @Override
    public void close() {
        reader.close();
    }
}
