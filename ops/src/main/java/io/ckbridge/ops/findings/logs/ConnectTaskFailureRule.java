package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Connect task was killed by an exception: the worker does not restart it. */
final class ConnectTaskFailureRule extends LogRule {
    static final String RULE = "connect-task-killed";

    ConnectTaskFailureRule() {
        super(RULE, Pattern.compile("\\{id=([^}]+)\\} Task threw an uncaught and unrecoverable exception"),
                LogSource.CONNECT);
        keepFollowing(2);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, matcher.group(1), 0);
    }

    @Override
    protected Finding judge(String task, List<Hit> hits, long nowMs) {
        Hit newest = hits.get(hits.size() - 1);
        String cause = newest.after().isEmpty() ? "" : ": " + newest.after().get(0);
        return new Finding(id(task), RULE, Severity.CRITICAL,
                "Connect task " + task + " was killed by an exception " + hits.size() + " time(s)" + cause,
                "A task that throws out of poll() or put() is stopped for good: Kafka Connect does not restart it, "
                        + "its partitions are read by nobody and their lag grows (the connector may still show "
                        + "RUNNING while one task is FAILED).",
                "Fix what the exception names, then restart the failed task (POST /connectors/<name>/restart?"
                        + "includeTasks=true&onlyFailed=true). Poison records belong in a dead-letter queue "
                        + "(errors.tolerance=all with errors.deadletterqueue.topic.name), not in a task failure.",
                cite(hits), firstTime(hits));
    }
}
