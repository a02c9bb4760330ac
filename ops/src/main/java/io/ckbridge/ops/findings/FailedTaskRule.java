package io.ckbridge.ops.findings;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A connector or one of its tasks FAILED: Kafka Connect does not restart it by itself. */
final class FailedTaskRule implements FindingRule {
    static final String RULE = "failed-task";

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = now.connectors().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> connector = it.next();
            String name = connector.getKey();
            JsonNode status = connector.getValue().path("status");
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                findings.add(failed(now, name, "connector " + name, status.path("connector"), name));
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    findings.add(failed(now, name, "task " + task.path("id").asInt() + " of connector " + name, task,
                            name + "-" + task.path("id").asInt()));
                }
            }
        }
        return findings;
    }

    private static Finding failed(PipelineSnapshot now, String connector, String what, JsonNode status,
            String subject) {
        String trace = status.path("trace").asText("");
        String firstLine = trace.lines().findFirst().orElse("no trace");
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.fact("state FAILED on worker " + status.path("worker_id").asText("?")));
        trace.lines().limit(6).forEach(line -> evidence.add(Evidence.fact(line.strip())));
        return new Finding(RULE + ":" + subject, RULE, Severity.CRITICAL, what + " FAILED: " + firstLine,
                "Kafka Connect does not restart a failed task: its partitions are read by nobody until someone "
                        + "restarts it, and their lag grows.",
                "Fix what the trace names, then restart it (POST /api/connectors/" + connector + "/restart, "
                        + "which restarts the failed tasks too).",
                evidence, now.timeMs());
    }
}
