package io.ckbridge.ops.findings;

import java.util.List;

/**
 * Something wrong in the pipeline, said in one sentence with its figures, why it matters in terms
 * of how Kafka or Cassandra works, what to do, and the evidence.
 *
 * @param id      stable while the same thing stays wrong (rule and subject), so it keeps its {@code sinceMs}
 * @param sinceMs when ops first saw it, in this run
 */
public record Finding(String id, String rule, Severity severity, String summary, String why, String action,
        List<Evidence> evidence, long sinceMs) {

    Finding since(long firstSeenMs) {
        return new Finding(id, rule, severity, summary, why, action, evidence, firstSeenMs);
    }
}
