package io.ckbridge.source.kcql;

import java.util.List;
import java.util.Optional;

/**
 * One route of Lenses Stream Reactor's KCQL, the subset its Cassandra source takes:
 * {@code INSERT INTO <topic> SELECT <cols|*> FROM <table> [IGNORE <cols>] [PK <col>] [WITHUNWRAP]
 * [INCREMENTALMODE=TIMESTAMP|TIMEUUID|TOKEN]}.
 *
 * @param columns selected columns; empty for {@code *}
 * @param pk      the column the incremental mode tracks
 */
public record Kcql(String topic, List<String> columns, String table, List<String> ignored, Optional<String> pk,
        boolean unwrap,
                   Optional<IncrementalMode> incrementalMode) {

    public enum IncrementalMode { TIMESTAMP, TIMEUUID, TOKEN }

    public boolean selectsAll() {
        return columns.isEmpty();
    }
}
