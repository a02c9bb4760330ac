package io.ckbridge.sink.write;

import io.ckbridge.sink.SinkConfig.WriteMode;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * The CQL that writes a table mapping in each row shape, and which value goes to each bind
 * marker: a column of the mapping, the TTL or the write time.
 */
public record WriteCql(String text, int[] slots) {
    public static final int TTL = -1;
    public static final int TIMESTAMP = -2;

    public static WriteCql of(TableMapping mapping, RowWrite.Shape shape) {
        if (mapping.query().isPresent()) {
            // the user's statement: its bind markers are the mapping's columns, in order
            return new WriteCql(mapping.query().get(), toArray(allColumns(mapping)));
        }
        return switch (shape) {
            case FULL -> upsert(mapping, allColumns(mapping));
            case STATIC -> upsert(mapping, staticColumns(mapping));
            case DELETE -> delete(mapping);
        };
    }

    private static List<Integer> allColumns(TableMapping mapping) {
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < mapping.columnCount(); i++) {
            columns.add(i);
        }
        return columns;
    }

    private static List<Integer> staticColumns(TableMapping mapping) {
        List<Integer> columns = new ArrayList<>();
        for (int i : mapping.partitionKey()) {
            columns.add(i);
        }
        for (int i : mapping.statics()) {
            columns.add(i);
        }
        return columns;
    }

    private static WriteCql upsert(TableMapping mapping, List<Integer> columns) {
        List<Integer> keys = columns.stream().filter(mapping::isPrimaryKey).toList();
        List<Integer> others = columns.stream().filter(i -> !mapping.isPrimaryKey(i)).toList();
        StringBuilder cql = new StringBuilder();
        List<Integer> slots = new ArrayList<>();
        if (mapping.mode() == WriteMode.INSERT || others.isEmpty()) {
            // INSERT also writes a row that has nothing but its primary key
            cql.append("INSERT INTO ").append(mapping.qualifiedName()).append(" (")
                    .append(String.join(", ", columns.stream().map(mapping::columnName).toList()))
                    .append(") VALUES (").append(String.join(", ", columns.stream().map(i -> "?").toList())).append(")")
                    .append(" USING TTL ? AND TIMESTAMP ?");
            slots.addAll(columns);
            slots.add(TTL);
            slots.add(TIMESTAMP);
        } else {
            cql.append("UPDATE ").append(mapping.qualifiedName());
            if (!mapping.isCounterTable()) {
                // counters take neither a TTL nor a client-side write time
                cql.append(" USING TTL ? AND TIMESTAMP ?");
                slots.add(TTL);
                slots.add(TIMESTAMP);
            }
            List<String> sets = new ArrayList<>();
            for (int i : others) {
                String name = mapping.columnName(i);
                sets.add(mapping.isCounter(i) || mapping.isAppend(i) ? name + " = " + name + " + ?" : name + " = ?");
                slots.add(i);
            }
            cql.append(" SET ").append(String.join(", ", sets));
            appendWhere(cql, mapping, keys, slots);
        }
        return new WriteCql(cql.toString(), toArray(slots));
    }

    private static WriteCql delete(TableMapping mapping) {
        List<Integer> keys = new ArrayList<>();
        for (int i : mapping.partitionKey()) {
            keys.add(i);
        }
        for (int i : mapping.clustering()) {
            keys.add(i);
        }
        StringBuilder cql = new StringBuilder("DELETE FROM ").append(mapping.qualifiedName());
        List<Integer> slots = new ArrayList<>();
        if (!mapping.isCounterTable()) {
            cql.append(" USING TIMESTAMP ?");
            slots.add(TIMESTAMP);
        }
        appendWhere(cql, mapping, keys, slots);
        return new WriteCql(cql.toString(), toArray(slots));
    }

    private static void appendWhere(StringBuilder cql, TableMapping mapping, List<Integer> keys, List<Integer> slots) {
        cql.append(" WHERE ").append(String.join(" AND ", keys.stream().map(i -> mapping.columnName(i) + " = ?")
                .toList()));
        slots.addAll(keys);
    }

    private static int[] toArray(List<Integer> slots) {
        return slots.stream().mapToInt(Integer::intValue).toArray();
    }
}
