package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.sink;
import static io.ckbridge.ops.findings.Recorded.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailedTaskRuleTest {
    @Test
    void aFailedTaskIsCriticalWithTheFirstLinesOfItsTrace() {
        ObjectNode connectors = (ObjectNode) sink("orders-sink", "orders", "shop.orders", "RUNNING");
        ((ObjectNode) connectors.path("orders-sink").path("status").path("tasks").get(0)).put("state", "FAILED")
                .put("trace", "org.apache.kafka.connect.errors.ConnectException: orders-sink: table shop.orders "
                        + "does not exist\n\tat io.ckbridge.sink.RowWriter.prepare(RowWriter.java:80)");
        List<Finding> found = new FailedTaskRule().evaluate(snapshot(Recorded.START, connectors, List.of(),
                List.of()), Recorded.history());
        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.summary()).isEqualTo("task 0 of connector orders-sink FAILED: org.apache.kafka.connect"
                    + ".errors.ConnectException: orders-sink: table shop.orders does not exist");
            assertThat(finding.evidence()).extracting(Evidence::detail).contains("state FAILED on worker "
                    + "127.0.0.1:8083", "at io.ckbridge.sink.RowWriter.prepare(RowWriter.java:80)");
            assertThat(finding.action()).contains("POST /api/connectors/orders-sink/restart");
        });
    }
}
