package io.ckbridge.source.kcql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses KCQL statements, separated by ';'. Errors name the token that is wrong and where it
 * is, so a user can fix the statement from the message alone.
 */
public final class KcqlParser {
    private final String text;
    private final List<Token> tokens;
    private int index;

    private record Token(String text, int position, boolean quoted) {
        boolean is(String keyword) {
            return !quoted && text.equalsIgnoreCase(keyword);
        }
    }

    private KcqlParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    public static List<Kcql> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new KcqlException("the KCQL is empty: write INSERT INTO <topic> SELECT <columns> FROM <table>");
        }
        return new KcqlParser(text).statements();
    }

    private List<Kcql> statements() {
        List<Kcql> statements = new ArrayList<>();
        while (index < tokens.size()) {
            if (peek().is(";")) {
                index++;
                continue;
            }
            statements.add(statement());
            if (index < tokens.size() && !peek().is(";")) {
                throw unexpected("';' or the end of the KCQL");
            }
        }
        if (statements.isEmpty()) {
            throw new KcqlException("the KCQL holds no statement");
        }
        return statements;
    }

    private Kcql statement() {
        keyword("INSERT");
        keyword("INTO");
        String topic = name("a topic name");
        keyword("SELECT");
        List<String> columns = new ArrayList<>();
        if (index < tokens.size() && peek().is("*")) {
            index++;
        } else {
            columns = names("a column name or *");
        }
        keyword("FROM");
        String table = name("a table name");
        List<String> ignored = new ArrayList<>();
        Optional<String> pk = Optional.empty();
        boolean unwrap = false;
        Optional<Kcql.IncrementalMode> mode = Optional.empty();
        while (index < tokens.size() && !peek().is(";")) {
            Token clause = next("IGNORE, PK, WITHUNWRAP or INCREMENTALMODE");
            if (clause.is("IGNORE")) {
                ignored.addAll(names("a column name"));
            } else if (clause.is("PK")) {
                pk = Optional.of(name("the incremental column"));
            } else if (clause.is("WITHUNWRAP")) {
                unwrap = true;
            } else if (clause.is("INCREMENTALMODE")) {
                symbol("=");
                Token value = next("TIMESTAMP, TIMEUUID or TOKEN");
                try {
                    mode = Optional.of(Kcql.IncrementalMode.valueOf(value.text().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw error(value, "INCREMENTALMODE must be TIMESTAMP, TIMEUUID or TOKEN, not '" + value.text()
                            + "'");
                }
            } else {
                throw error(clause, "expected IGNORE, PK, WITHUNWRAP or INCREMENTALMODE but found '" + clause.text()
                        + "'");
            }
        }
        return new Kcql(topic, List.copyOf(columns), table, List.copyOf(ignored), pk, unwrap, mode);
    }

    private List<String> names(String what) {
        List<String> names = new ArrayList<>();
        names.add(name(what));
        while (index < tokens.size() && peek().is(",")) {
            index++;
            names.add(name(what));
        }
        return names;
    }

    private String name(String what) {
        Token token = next(what);
        boolean keywordLike = !token.quoted() && List.of("FROM", "SELECT", "INSERT", "INTO", "IGNORE", "PK",
                "WITHUNWRAP",
                "INCREMENTALMODE", ",", ";", "=", "*").contains(token.text().toUpperCase(Locale.ROOT));
        if (keywordLike) {
            throw error(token, "expected " + what + " but found '" + token.text() + "'");
        }
        return token.text();
    }

    private void keyword(String keyword) {
        Token token = next(keyword);
        if (!token.is(keyword)) {
            throw error(token, "expected " + keyword + " but found '" + token.text() + "'");
        }
    }

    private void symbol(String symbol) {
        Token token = next("'" + symbol + "'");
        if (!token.is(symbol)) {
            throw error(token, "expected '" + symbol + "' but found '" + token.text() + "'");
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next(String expected) {
        if (index >= tokens.size()) {
            throw new KcqlException("expected " + expected + " but the KCQL ends (in: " + text.trim() + ")");
        }
        return tokens.get(index++);
    }

    private KcqlException unexpected(String expected) {
        Token token = peek();
        return error(token, "expected " + expected + " but found '" + token.text() + "'");
    }

    private KcqlException error(Token token, String problem) {
        return new KcqlException(problem + " at character " + (token.position() + 1) + " (in: " + text.trim() + ")");
    }

    /** Words (topic and table names may hold '.' and '-'), `backquoted` names, and , ; = *. */
    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ',' || c == ';' || c == '=' || c == '*') {
                tokens.add(new Token(String.valueOf(c), i, false));
                i++;
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end < 0) {
                    throw new KcqlException("a `quoted` name is not closed at character " + (i + 1) + " (in: "
                            + text.trim() + ")");
                }
                tokens.add(new Token(text.substring(i + 1, end), i, true));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
                        || "_.-".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), start, false));
            } else {
                // any other character is a token of its own: the parser then says what it expected there
                tokens.add(new Token(String.valueOf(c), i, false));
                i++;
            }
        }
        return tokens;
    }

    /** Malformed KCQL; the message points at the token. */
    public static final class KcqlException extends IllegalArgumentException {
        public KcqlException(String message) {
            super("KCQL: " + message);
        }
    }
}
