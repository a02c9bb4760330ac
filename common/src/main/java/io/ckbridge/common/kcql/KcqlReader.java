package io.ckbridge.common.kcql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the tokens of Lenses Stream Reactor's KCQL, for the grammars of our source and sink:
 * words (topic, table and field names may hold '.' and '-'), `backquoted` names, and
 * {@code , ; = *}. Errors name the token that is wrong and where it is, so that a user can fix
 * the statement from the message alone.
 */
public final class KcqlReader {
    private final String text;
    private final List<Token> tokens;
    private final Set<String> keywords;
    private int index;

    /** A token; {@code quoted} for a `backquoted` name, which is never a keyword. */
    public record Token(String text, int position, boolean quoted) {
        public boolean is(String keyword) {
            return !quoted && text.equalsIgnoreCase(keyword);
        }
    }

    /** {@code keywords}: the words a name may not be (upper case). */
    public KcqlReader(String text, Set<String> keywords) {
        if (text == null || text.isBlank()) {
            throw new KcqlException("the KCQL is empty: write INSERT INTO ... SELECT ... FROM ...");
        }
        this.text = text;
        this.tokens = tokenize(text);
        this.keywords = keywords;
    }

    public boolean atEnd() {
        return index >= tokens.size();
    }

    /** At the end of a statement: the KCQL's end or a ';'. */
    public boolean atStatementEnd() {
        return atEnd() || peek().is(";");
    }

    /** Takes the next token when it is {@code keyword}. */
    public boolean accept(String keyword) {
        if (!atEnd() && peek().is(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    public Token peek() {
        return tokens.get(index);
    }

    public Token next(String expected) {
        if (atEnd()) {
            throw new KcqlException("expected " + expected + " but the KCQL ends (in: " + text.trim() + ")");
        }
        return tokens.get(index++);
    }

    public void keyword(String keyword) {
        Token token = next(keyword);
        if (!token.is(keyword)) {
            throw error(token, "expected " + keyword + " but found '" + token.text() + "'");
        }
    }

    public String name(String what) {
        Token token = next(what);
        boolean keywordLike = !token.quoted() && (keywords.contains(token.text().toUpperCase(Locale.ROOT))
                || List.of(",", ";", "=", "*").contains(token.text()));
        if (keywordLike) {
            throw error(token, "expected " + what + " but found '" + token.text() + "'");
        }
        return token.text();
    }

    public List<String> names(String what) {
        List<String> names = new ArrayList<>();
        names.add(name(what));
        while (accept(",")) {
            names.add(name(what));
        }
        return names;
    }

    /** Statements separated by ';' (empty ones skipped), each read by {@code statement}. */
    public <T> List<T> statements(java.util.function.Supplier<T> statement) {
        List<T> statements = new ArrayList<>();
        while (!atEnd()) {
            if (accept(";")) {
                continue;
            }
            statements.add(statement.get());
            if (!atEnd() && !peek().is(";")) {
                throw error(peek(), "expected ';' or the end of the KCQL but found '" + peek().text() + "'");
            }
        }
        if (statements.isEmpty()) {
            throw new KcqlException("the KCQL holds no statement");
        }
        return statements;
    }

    public KcqlException error(Token token, String problem) {
        return new KcqlException(problem + " at character " + (token.position() + 1) + " (in: " + text.trim() + ")");
    }

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
