package io.ckbridge.cli.cql;

import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as an aligned table with a row count, the way cqlsh does. */
public final class CqlTablePrinter {
    private CqlTablePrinter() {
    }

    public static void print(ResultSet result, PrintWriter out) {
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (ColumnDefinition column : result.getColumnDefinitions()) {
            names.add(column.getName().asCql(true));
            types.add(column.getType());
        }
        if (names.isEmpty()) {
            return;
        }
        CodecRegistry codecs = CodecRegistry.DEFAULT;
        List<String[]> rows = new ArrayList<>();
        for (Row row : result) {
            String[] cells = new String[names.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = format(row, i, types.get(i), codecs);
            }
            rows.add(cells);
        }
        int[] widths = new int[names.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = names.get(i).length();
            for (String[] cells : rows) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        out.println();
        out.println(line(names.toArray(String[]::new), widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "-" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule.append('-'));
        for (String[] cells : rows) {
            out.println(line(cells, widths));
        }
        out.println();
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? " " : " | ").append(pad(cells[i], widths[i]));
        }
        return line.toString();
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }

    /** Text as is; other values in CQL literal form, as cqlsh shows them; absent values as null. */
    static String format(Row row, int index, DataType type, CodecRegistry codecs) {
        if (row.isNull(index)) {
            return "null";
        }
        if (type.equals(DataTypes.TEXT) || type.equals(DataTypes.ASCII)) {
            return row.getString(index);
        }
        ByteBuffer raw = row.getBytesUnsafe(index);
        Object value = codecs.codecFor(type).decode(raw, row.protocolVersion());
        String literal = codecs.codecFor(type).format(value);
        // Top-level timestamps, dates, times and addresses read better without their quotes.
        boolean quoted = literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'");
        return quoted && literal.indexOf('\'', 1) == literal.length() - 1
                ? literal.substring(1, literal.length() - 1) : literal;
    }
}
