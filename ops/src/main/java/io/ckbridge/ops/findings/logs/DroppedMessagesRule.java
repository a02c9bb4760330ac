package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cassandra dropped messages (mutations, reads) it held past their timeout. */
final class DroppedMessagesRule extends LogRule {
    static final String RULE = "dropped-messages";

    DroppedMessagesRule() {
        super(RULE, Pattern.compile("(\\w+) messages were dropped in (?:the )?last (\\d+) ms: (\\d+) internal and "
                + "(\\d+) cross node"), LogSource.CASSANDRA);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file() + ":" + matcher.group(1),
                Long.parseLong(matcher.group(3)) + Long.parseLong(matcher.group(4)));
    }

    @Override
    protected Finding judge(String subject, List<Hit> hits, long nowMs) {
        String verb = subject.substring(subject.lastIndexOf(':') + 1);
        String file = subject.substring(0, subject.lastIndexOf(':'));
        String kind = verb.toUpperCase(Locale.ROOT);
        boolean writes = kind.contains("MUTATION") || kind.contains("HINT");
        return new Finding(id(subject), RULE, writes ? Severity.CRITICAL : Severity.WARNING,
                Math.round(sumFigure(hits)) + " " + verb + " message(s) dropped by the node logging to " + file,
                "A node drops a message it could not start on before its timeout (write_request_timeout for "
                        + "mutations): it is overloaded (CPU, disk, GC pauses) or blocked. A dropped mutation is a "
                        + "write that replica does not have: reads at a low consistency level miss it until hints "
                        + "or repair deliver it; a dropped read failed a query.",
                writes ? "Find the overload (GC pauses, compaction backlog, a hot partition) and run a repair of the "
                        + "affected tables once it is gone; hints replay writes only for max_hint_window."
                        : "Find the overload (GC pauses, compaction backlog, wide or tombstone-heavy reads).",
                cite(hits), firstTime(hits));
    }
}
