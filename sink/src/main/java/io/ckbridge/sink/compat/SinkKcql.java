package io.ckbridge.sink.compat;

import io.ckbridge.common.kcql.KcqlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement of Stream Reactor's Cassandra sink KCQL:
 * {@code INSERT|UPSERT INTO <[keyspace.]table> SELECT <fields|*> FROM <topic> [IGNORE <fields>]
 * [TTL=<seconds>]}, fields being paths into the value ({@code a.b.c}) or, with {@code _key.},
 * into the key, each with an optional {@code AS <column>} (else the path's last name).
 *
 * @param fields the selected fields; empty for {@code *}
 */
public record SinkKcql(String target, List<Field> fields, String topic, List<String> ignored,
        Optional<Integer> ttlSeconds) {
    private static final Set<String> KEYWORDS = Set.of("INSERT", "UPSERT", "INTO", "SELECT", "FROM", "IGNORE",
            "TTL", "AS");

    /** A selected field: where it is in the record, and the column it fills. */
    public record Field(String path, String column) {
        /** In the sink's mapping syntax: {@code key.<path>} or {@code value.<path>}. */
        public String mappingPath() {
            if (path.equals("_key") || path.equals("_value")) {
                return path.substring(1);
            }
            if (path.startsWith("_key.")) {
                return "key." + path.substring("_key.".length());
            }
            if (path.startsWith("_value.")) {
                return "value." + path.substring("_value.".length());
            }
            return "value." + path;
        }
    }

    public boolean selectsAll() {
        return fields.isEmpty();
    }

    /** Every statement of a KCQL text (separated by ';'); a clear error naming the token and its position. */
    public static List<SinkKcql> parse(String text) {
        KcqlReader in = new KcqlReader(text, KEYWORDS);
        return in.statements(() -> statement(in));
    }

    private static SinkKcql statement(KcqlReader in) {
        KcqlReader.Token verb = in.next("INSERT or UPSERT");
        if (!verb.is("INSERT") && !verb.is("UPSERT")) {
            throw in.error(verb, "expected INSERT or UPSERT but found '" + verb.text() + "'");
        }
        in.keyword("INTO");
        String target = in.name("a table name");
        in.keyword("SELECT");
        List<Field> fields = new ArrayList<>();
        if (!in.accept("*")) {
            do {
                KcqlReader.Token at = in.peek();
                String path = in.name("a field name or *");
                if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                    throw in.error(at, "'" + path + "' is not a field path (names separated by single dots)");
                }
                String column = in.accept("AS") ? in.name("a column name after AS")
                        : path.substring(path.lastIndexOf('.') + 1);
                fields.add(new Field(path, column));
            } while (in.accept(","));
        }
        in.keyword("FROM");
        String topic = in.name("a topic name");
        List<String> ignored = new ArrayList<>();
        Optional<Integer> ttl = Optional.empty();
        while (!in.atStatementEnd()) {
            KcqlReader.Token clause = in.next("IGNORE or TTL");
            if (clause.is("IGNORE")) {
                ignored.addAll(in.names("a field name"));
            } else if (clause.is("TTL")) {
                KcqlReader.Token equals = in.next("'='");
                if (!equals.is("=")) {
                    throw in.error(equals, "expected '=' after TTL but found '" + equals.text() + "'");
                }
                KcqlReader.Token value = in.next("the TTL in seconds");
                try {
                    ttl = Optional.of(Integer.parseInt(value.text()));
                } catch (NumberFormatException e) {
                    throw in.error(value, "TTL must be a whole number of seconds, not '" + value.text() + "'");
                }
                if (ttl.get() <= 0) {
                    throw in.error(value, "TTL must be above 0 seconds, not " + ttl.get());
                }
            } else {
                throw in.error(clause, "expected IGNORE or TTL but found '" + clause.text() + "' (this sink's KCQL "
                        + "takes INSERT|UPSERT INTO <table> SELECT <fields|*> FROM <topic> [IGNORE <fields>] "
                        + "[TTL=<seconds>])");
            }
        }
        return new SinkKcql(target, List.copyOf(fields), topic, List.copyOf(ignored), ttl);
    }
}
