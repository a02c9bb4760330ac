package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.List;

/** A sink tolerates bad records but has nowhere to put them: they are dropped. */
final class DeadLetterRule implements ConfigRule {
    static final String RULE = "tolerance-without-dlq";

    @Override
    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (ClusterConfig.ConnectorSettings connector : config.connectors()) {
            if (!connector.sink() || !connector.get("errors.tolerance", "none").equalsIgnoreCase("all")
                    || !connector.get("errors.deadletterqueue.topic.name", "").isEmpty()) {
                continue;
            }
            boolean logged = Boolean.parseBoolean(connector.get("errors.log.enable", "false"));
            findings.add(new Finding(RULE + ":" + connector.name(), RULE, Severity.WARNING,
                    "sink " + connector.name() + " has errors.tolerance=all and no dead-letter queue: records it "
                            + "cannot convert or write are skipped" + (logged ? " (only logged)" : " silently"),
                    "With errors.tolerance=all Kafka Connect skips a record that fails conversion, a transform or "
                            + "the sink's put and commits its offset: without errors.deadletterqueue.topic.name it is "
                            + "gone from the pipeline, and nothing but a metric counts it.",
                    "Set errors.deadletterqueue.topic.name (with errors.deadletterqueue.context.headers.enable="
                            + "true to keep the reason), so skipped records can be read, fixed and replayed.",
                    List.of(Evidence.setting("connector " + connector.name(), "errors.tolerance", "all"),
                            Evidence.setting("connector " + connector.name(), "errors.deadletterqueue.topic.name",
                                    "(not set)"),
                            Evidence.setting("connector " + connector.name(), "errors.log.enable", logged)),
                    nowMs));
        }
        return findings;
    }
}
