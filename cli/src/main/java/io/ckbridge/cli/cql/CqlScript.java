package io.ckbridge.cli.cql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CQL text into statements at semicolons that are not inside a string literal, a quoted
 * identifier, a $$ block or a comment, as cqlsh does for {@code SOURCE} files.
 */
public final class CqlScript {
    private CqlScript() {
    }

    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '$' && next == '$') {
                int close = script.indexOf("$$", i + 2);
                int end = close < 0 ? n : close + 2;
                current.append(script, i, end);
                i = end;
            } else if ((c == '-' && next == '-') || (c == '/' && next == '/')) {
                int newline = script.indexOf('\n', i);
                i = newline < 0 ? n : newline;
            } else if (c == '/' && next == '*') {
                int close = script.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Index just past the quote closing the one at {@code start}; a doubled quote is an escaped one. */
    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().trim();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
