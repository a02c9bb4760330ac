package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Pattern;

/** The materializer's Kafka Streams tasks were fenced or migrated away mid-transaction. */
final class StreamsFencingRule extends LogRule {
    static final String RULE = "materializer-fenced";

    StreamsFencingRule() {
        super(RULE, Pattern.compile("ProducerFencedException|InvalidProducerEpochException|TaskMigratedException"
                + "|got fenced|is being fenced|has been fenced"), LogSource.MATERIALIZER);
        keepFollowing(1); // the exception under the line, not a second fencing
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        return new Finding(id(file), RULE, Severity.WARNING,
                "the materializer logging to " + file + " was fenced or lost tasks mid-processing " + hits.size()
                        + " time(s)",
                "With exactly-once processing a task's transactional producer is fenced when another instance "
                        + "took the task over (a rebalance while this one was paused: a GC pause or a poll loop "
                        + "longer than max.poll.interval.ms, or a network partition). The fenced instance's open "
                        + "transaction is aborted and its work is redone by the new owner: nothing is lost or "
                        + "doubled, but events are late by the takeover.",
                "If it repeats, see what paused the instance (its GC log, CPU) and whether two instances run "
                        + "with one application.id unintentionally; num.standby.replicas shortens the takeover.",
                cite(hits), firstTime(hits));
    }
}
