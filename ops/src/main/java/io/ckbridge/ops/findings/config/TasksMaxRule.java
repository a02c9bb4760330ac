package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.List;

/** A sink asks for more tasks than its topics have partitions: the extra tasks get nothing to do. */
final class TasksMaxRule implements ConfigRule {
    static final String RULE = "tasks-max";

    @Override
    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (ClusterConfig.ConnectorSettings connector : config.connectors()) {
            if (!connector.sink() || connector.get("topics", "").isEmpty()) {
                continue;
            }
            int tasks = Integer.parseInt(connector.get("tasks.max", "1"));
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.setting("connector " + connector.name(), "tasks.max", tasks));
            int partitions = partitions(config, connector.get("topics", ""), evidence);
            if (partitions > 0 && tasks > partitions) {
                findings.add(new Finding(RULE + ":" + connector.name(), RULE, Severity.INFO,
                        "sink " + connector.name() + " has tasks.max=" + tasks + " but its topics have "
                                + partitions + " partition(s) in all: " + (tasks - partitions) + " task(s) idle",
                        "A sink's tasks share its topics' partitions through one consumer group: a partition is "
                                + "read by one task only, so tasks beyond the partition count get none and only hold "
                                + "a connection (and a Cassandra session) each.",
                        "Set tasks.max to at most " + partitions + ", or add partitions to the topics if one task "
                                + "per partition is too slow (keys move to other partitions when you do).",
                        evidence, nowMs));
            }
        }
        return findings;
    }

    /** The partitions of all the topics; 0 when one of them is not known here (no judgement then). */
    private static int partitions(ClusterConfig config, String topics, List<Evidence> evidence) {
        int partitions = 0;
        for (String topic : topics.split(",")) {
            Integer count = config.topicPartitions().get(topic.trim());
            if (count == null) {
                return 0;
            }
            partitions += count;
            evidence.add(Evidence.setting("topic " + topic.trim(), "partitions", count));
        }
        return partitions;
    }
}
