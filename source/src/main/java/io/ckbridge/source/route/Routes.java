package io.ckbridge.source.route;

import io.ckbridge.source.SourceConfig;
import io.ckbridge.source.kcql.Kcql;
import io.ckbridge.source.kcql.KcqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/** The routes of a configuration: one per KCQL statement, or one per table of cassandra.source.tables. */
public final class Routes {
    private Routes() {
    }

    public static List<TableRoute> of(SourceConfig config) {
        Optional<String> kcql = config.kcql();
        List<TableRoute> routes = new ArrayList<>();
        if (kcql.isPresent()) {
            for (Kcql statement : KcqlParser.parse(kcql.get())) {
                routes.add(fromKcql(config, statement));
            }
        } else {
            if (config.tables().isEmpty()) {
                throw new ConfigException(SourceConfig.TABLES, "", "name the tables to read, or give KCQL routes in "
                        + SourceConfig.SR_KCQL);
            }
            for (String table : config.tables()) {
                routes.add(fromConnectorKeys(config, table.trim()));
            }
        }
        return routes;
    }

    private static TableRoute fromKcql(SourceConfig config, Kcql kcql) {
        TableRoute.ReadMode mode;
        if (config.mode() == SourceConfig.Mode.BULK || kcql.incrementalMode()
                .orElse(null) == Kcql.IncrementalMode.TOKEN) {
            mode = TableRoute.ReadMode.BULK;
        } else {
            mode = kcql.incrementalMode().orElse(Kcql.IncrementalMode.TIMESTAMP) == Kcql.IncrementalMode.TIMEUUID
                    ? TableRoute.ReadMode.TIMEUUID : TableRoute.ReadMode.TIMESTAMP;
            if (kcql.pk().isEmpty()) {
                throw new ConfigException(SourceConfig.SR_KCQL, kcql.table(),
                        "KCQL for table " + kcql.table()
                        + " reads incrementally but names no column to track: add PK <timestamp or timeuuid column>");
            }
        }
        return new TableRoute(config.keyspace(), kcql.table(), kcql.topic(), kcql.columns(), kcql.ignored(), kcql.pk(),
                mode, kcql.unwrap(), SourceConfig.SR_KCQL);
    }

    private static TableRoute fromConnectorKeys(SourceConfig config, String table) {
        TableRoute.ReadMode mode = TableRoute.ReadMode.BULK;
        Optional<String> column = Optional.empty();
        if (config.mode() == SourceConfig.Mode.INCREMENTAL) {
            if (config.incrementalColumn().isEmpty()) {
                throw new ConfigException(SourceConfig.INCREMENTAL_COLUMN, "",
                        "incremental mode needs the timestamp or timeuuid column that tells new rows");
            }
            column = Optional.of(config.incrementalColumn());
            // TIMESTAMP or TIMEUUID is settled from the column's type once the table is known
            mode = TableRoute.ReadMode.TIMESTAMP;
        }
        return new TableRoute(config.keyspace(), table, config.topic(config.keyspace(), table), config.columns(),
                List.of(), column, mode, config.unwrap(), SourceConfig.TABLES);
    }
}
