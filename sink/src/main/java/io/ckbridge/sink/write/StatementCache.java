package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.sink.mapping.TableMapping;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prepared statements per table mapping, prepared on first use. */
public final class StatementCache {
    private final CqlSession session;
    private final ConsistencyLevel consistency;
    private final Duration timeout;
    private final Map<TableMapping, TableStatements> statements = new ConcurrentHashMap<>();

    public StatementCache(CqlSession session, ConsistencyLevel consistency, Duration timeout) {
        this.session = session;
        this.consistency = consistency;
        this.timeout = timeout;
    }

    public TableStatements of(TableMapping mapping) {
        return statements.computeIfAbsent(mapping, m -> new TableStatements(session, m, consistency, timeout));
    }
}
