package io.ckbridge.source.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.source.route.TableRoute;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Tables as the cluster has them now. The driver refreshes its schema metadata on Cassandra's
 * schema change events, but after a debounce window (a second by default): rows written just
 * after an {@code ALTER TABLE ... ADD} could be read with the old columns in that time, their new
 * column's values left out. So the coordinator's schema version is read (one local row, at most
 * every {@code CHECK_MS}), and when it moved the metadata is refreshed before a table is looked at.
 */
public final class ClusterSchema implements Tables {
    private static final long CHECK_MS = 200;
    private static final SimpleStatement VERSION = SimpleStatement.newInstance(
            "SELECT schema_version FROM system.local").setIdempotent(true);

    private final CqlSession session;
    private final Clock clock;
    private UUID seen;
    private long checkedAt = Long.MIN_VALUE;

    public ClusterSchema(CqlSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public synchronized void lookAgain() {
        checkedAt = Long.MIN_VALUE;
    }

    @Override
    public synchronized Optional<TableMetadata> table(TableRoute route) {
        long now = clock.millis();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt >= CHECK_MS) {
            Row row = session.execute(VERSION).one();
            UUID version = row == null ? null : row.getUuid(0);
            if (version != null && !version.equals(seen)) {
                if (seen != null) {
                    session.refreshSchema();
                }
                seen = version;
            }
            checkedAt = now;
        }
        return session.getMetadata().getKeyspace(CqlIdentifier.fromCql(route.keyspace()))
                .flatMap(ks -> ks.getTable(CqlIdentifier.fromCql(route.table())));
    }
}
