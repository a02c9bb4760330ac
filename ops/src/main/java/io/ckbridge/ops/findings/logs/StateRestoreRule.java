package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
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
        return new Hit(line, matcher.group(2), Double.parseDouble(matcher.group(3)));
    }

    @Override
    protected Finding judge(String store, List<Hit> hits, long nowMs) {
        double records = sumFigure(hits);
        if (records == 0) {
            return null;
        }
        return new Finding(id(store), RULE, Severity.INFO,
                "the materializer restored its store " + store + " from the changelog " + hits.size()
                        + " time(s), " + Math.round(records) + " record(s) in all",
                "Kafka Streams rebuilds a task's state store from its changelog topic when the task starts where "
                        + "its local state is missing or stale (a new instance, a moved task, a wiped state.dir). "
                        + "Its events wait while it restores: the larger the store, the longer.",
                "Nothing if it is rare. If restores delay events after each restart, keep state.dir on a "
                        + "persistent disk and set num.standby.replicas=1 so a warm copy takes over.",
                cite(hits), firstTime(hits));
    }
}
