package io.ckbridge.ops.findings.logs;

/**
 * One line of a server's log; {@code timeMs} is the time the line carries (a stack trace's lines
 * that of the line above), 0 when none was seen yet.
 */
public record LogLine(LogSource source, String file, int number, long timeMs, String text) {
    /** {@code file:line}, as a finding cites it. */
    public String where() {
        return file + ":" + number;
    }
}
