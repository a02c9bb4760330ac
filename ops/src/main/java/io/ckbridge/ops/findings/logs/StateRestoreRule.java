package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The materializer rebuilt state stores from their changelogs (a new instance or a task moved). */
final class StateRestoreRule extends LogRule {
    static final String RULE = "materializer-restore";

    StateRestoreRule() {
        super(RULE, Pattern.compile("Finished restoring changelog (\\S+) to store (\\S+) with a total number of "
                + "(\\d+) records"), LogSource.MATERIALIZER);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file(), Double.parseDouble(matcher.group(3)));
    }

    /** One finding per materializer (its log), naming the stores that restored records. */
    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        List<Hit> restored = hits.stream().filter(hit -> hit.figure() > 0).toList();
        if (restored.isEmpty()) {
            return null;
        }
        Set<String> stores = new TreeSet<>();
        for (Hit hit : restored) {
            Matcher matcher = pattern().matcher(hit.line().text());
            if (matcher.find()) {
                stores.add(matcher.group(2));
            }
        }
        return new Finding(id(file), RULE, Severity.INFO,
                "the materializer logging to " + file + " restored " + Math.round(sumFigure(restored))
                        + " record(s) from changelogs in " + restored.size() + " restore(s), stores "
                        + String.join(", ", stores),
                "Kafka Streams rebuilds a task's state store from its changelog topic when the task starts where "
                        + "its local state is missing or stale (a new instance, a moved task, a wiped state.dir). "
                        + "Its events wait while it restores: the larger the store, the longer.",
                "Nothing if it is rare. If restores delay events after each restart, keep state.dir on a "
                        + "persistent disk and set num.standby.replicas=1 so a warm copy takes over.",
                cite(restored), firstTime(restored));
    }
}
