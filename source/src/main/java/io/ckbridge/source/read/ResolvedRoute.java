package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.source.route.TableRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route checked against its table: the primary key columns (the record key), the value
 * columns, and the incremental column with its type. A route that cannot work here fails with a
 * message naming the table and column.
 */
public record ResolvedRoute(TableRoute route, TableMetadata table, List<ColumnMetadata> keyColumns,
                            List<ColumnMetadata> valueColumns, Optional<ColumnMetadata> incrementalColumn,
                            TableRoute.ReadMode mode) {

    public static ResolvedRoute resolve(TableRoute route, TableMetadata table) {
        String name = route.qualifiedName();
        List<ColumnMetadata> keys = new ArrayList<>(table.getPrimaryKey());
        List<ColumnMetadata> values = new ArrayList<>();
        if (route.columns().isEmpty()) {
            values.addAll(table.getColumns().values());
        } else {
            for (String column : route.columns()) {
                values.add(column(table, column, name));
            }
        }
        for (String ignored : route.ignored()) {
            values.remove(column(table, ignored, name));
        }
        Optional<ColumnMetadata> incremental = route.incrementalColumn().map(column -> column(table, column, name));
        TableRoute.ReadMode mode = route.mode();
        if (incremental.isPresent() && mode.incremental()) {
            ColumnMetadata column = incremental.get();
            if (column.getType().equals(DataTypes.TIMESTAMP)) {
                mode = TableRoute.ReadMode.TIMESTAMP;
            } else if (column.getType().equals(DataTypes.TIMEUUID)) {
                mode = TableRoute.ReadMode.TIMEUUID;
            } else {
                throw new RouteException("column " + column.getName().asCql(true) + " of " + name + " is "
                        + column.getType().asCql(false, true)
                        + "; incremental mode needs a timestamp or timeuuid column", route.origin());
            }
        }
        if (route.unwrap() && values.size() != 1) {
            throw new RouteException("unwrap needs exactly one value column, but " + values.size()
                    + " are selected from " + name
                    + ": select one column (and IGNORE the others)", route.origin());
        }
        if (values.isEmpty()) {
            throw new RouteException("no column of " + name + " is left to put in the value", route.origin());
        }
        return new ResolvedRoute(route, table, List.copyOf(keys), List.copyOf(values), incremental, mode);
    }

    private static ColumnMetadata column(TableMetadata table, String name, String tableName) {
        CqlIdentifier id = name.startsWith("\"") ? CqlIdentifier.fromCql(name) : CqlIdentifier.fromInternal(name);
        String columns = String.join(", ", table.getColumns().keySet().stream().map(c -> c.asCql(true)).toList());
        return table.getColumn(id).or(() -> table.getColumn(CqlIdentifier.fromCql(name)))
                .orElseThrow(() -> new RouteException(
                        "table " + tableName + " has no column " + name + " (its columns: " + columns + ")", null));
    }

    /** Columns to select: the key, the value and the incremental column, each once. */
    public List<ColumnMetadata> selected() {
        List<ColumnMetadata> selected = new ArrayList<>(keyColumns);
        for (ColumnMetadata column : valueColumns) {
            if (!selected.contains(column)) {
                selected.add(column);
            }
        }
        incrementalColumn.filter(column -> !selected.contains(column)).ifPresent(selected::add);
        return selected;
    }

    public String qualifiedName() {
        return table.getKeyspace().asCql(true) + "." + table.getName().asCql(true);
    }

    /** A route does not fit its table; {@link #key()} is the config key that defines it. */
    public static final class RouteException extends IllegalArgumentException {
        private final String key;

        public RouteException(String message, String key) {
            super(message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
