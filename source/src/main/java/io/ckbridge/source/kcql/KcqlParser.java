package io.ckbridge.source.kcql;

import io.ckbridge.common.kcql.KcqlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the source's KCQL statements, separated by ';'. Errors name the token that is wrong
 * and where it is, so a user can fix the statement from the message alone.
 */
public final class KcqlParser {
    private static final Set<String> KEYWORDS = Set.of("FROM", "SELECT", "INSERT", "INTO", "IGNORE", "PK",
            "WITHUNWRAP", "INCREMENTALMODE");

    private final KcqlReader in;

    private KcqlParser(String text) {
        this.in = new KcqlReader(text, KEYWORDS);
    }

    public static List<Kcql> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new KcqlReader.KcqlException("the KCQL is empty: write INSERT INTO <topic> SELECT <columns> FROM "
                    + "<table>");
        }
        KcqlParser parser = new KcqlParser(text);
        return parser.in.statements(parser::statement);
    }

    private Kcql statement() {
        in.keyword("INSERT");
        in.keyword("INTO");
        String topic = in.name("a topic name");
        in.keyword("SELECT");
        List<String> columns = in.accept("*") ? new ArrayList<>() : in.names("a column name or *");
        in.keyword("FROM");
        String table = in.name("a table name");
        List<String> ignored = new ArrayList<>();
        Optional<String> pk = Optional.empty();
        boolean unwrap = false;
        Optional<Kcql.IncrementalMode> mode = Optional.empty();
        while (!in.atStatementEnd()) {
            KcqlReader.Token clause = in.next("IGNORE, PK, WITHUNWRAP or INCREMENTALMODE");
            if (clause.is("IGNORE")) {
                ignored.addAll(in.names("a column name"));
            } else if (clause.is("PK")) {
                pk = Optional.of(in.name("the incremental column"));
            } else if (clause.is("WITHUNWRAP")) {
                unwrap = true;
            } else if (clause.is("INCREMENTALMODE")) {
                KcqlReader.Token equals = in.next("'='");
                if (!equals.is("=")) {
                    throw in.error(equals, "expected '=' but found '" + equals.text() + "'");
                }
                KcqlReader.Token value = in.next("TIMESTAMP, TIMEUUID or TOKEN");
                try {
                    mode = Optional.of(Kcql.IncrementalMode.valueOf(value.text().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw in.error(value, "INCREMENTALMODE must be TIMESTAMP, TIMEUUID or TOKEN, not '" + value.text()
                            + "'");
                }
            } else {
                throw in.error(clause, "expected IGNORE, PK, WITHUNWRAP or INCREMENTALMODE but found '"
                        + clause.text() + "'");
            }
        }
        return new Kcql(topic, List.copyOf(columns), table, List.copyOf(ignored), pk, unwrap, mode);
    }
}
