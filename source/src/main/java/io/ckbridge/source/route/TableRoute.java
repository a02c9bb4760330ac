package io.ckbridge.source.route;

import java.util.List;
import java.util.Optional;

/**
 * One table to read and where its rows go: from the connector's own keys or from a KCQL
 * statement.
 *
 * @param columns the value's columns; empty for all
 * @param ignored columns left out of the value (KCQL IGNORE)
 * @param incrementalColumn the timestamp or timeuuid column of incremental mode
 * @param origin the config key that defines the route, where validation reports its errors
 */
public record TableRoute(String keyspace, String table, String topic, List<String> columns, List<String> ignored,
                         Optional<String> incrementalColumn, ReadMode mode, boolean unwrap, String origin) {

    public enum ReadMode {
        /** new rows by a timestamp column */
        TIMESTAMP,
        /** new rows by a timeuuid column */
        TIMEUUID,
        /** the whole table, by token ranges */
        BULK;

        public boolean incremental() {
            return this != BULK;
        }
    }

    public String qualifiedName() {
        return keyspace + "." + table;
    }
}
