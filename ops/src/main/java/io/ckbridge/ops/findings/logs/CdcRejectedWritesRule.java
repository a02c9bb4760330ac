package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Pattern;

/** Cassandra rejected writes to CDC tables: cdc_raw reached cdc_total_space (CDCWriteException). */
final class CdcRejectedWritesRule extends LogRule {
    static final String RULE = "cdc-writes-rejected";

    CdcRejectedWritesRule() {
        super(RULE, Pattern.compile("CDCWriteException|Rejecting mutation to keyspace (\\S+?)\\.? Free up space"),
                LogSource.CASSANDRA);
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        return new Finding(id(file), RULE, Severity.CRITICAL,
                "the node logging to " + file + " rejected writes to CDC tables (" + hits.size()
                        + " line(s)): its cdc_raw is full",
                "With cdc_block_writes: true Cassandra refuses every write to a CDC table once the segments in "
                        + "cdc_raw reach cdc_total_space; they are freed only when the publisher has published and "
                        + "deleted them. The clients see the write fail.",
                "See that the node's CDC publisher runs and reaches Kafka (its /health, its backlog); once it "
                        + "catches up writes are taken again. If it keeps up but the write rate is higher than "
                        + "cdc_total_space allows for a pause of the publisher, raise cdc_total_space.",
                cite(hits), firstTime(hits));
    }
}
