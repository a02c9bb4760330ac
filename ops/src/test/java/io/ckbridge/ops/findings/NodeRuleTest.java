package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.series;
import static io.ckbridge.ops.findings.Recorded.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.nodes.NodeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRuleTest {
    private final NodeRule rule = new NodeRule(5 * 60_000L);

    @Test
    void droppedMutationsAreCountedFromTheRateSeries() {
        SeriesHistory history = Recorded.history();
        long now = series(history, Series.droppedMutationsPerSecond("127.0.0.3"), 0, 0, 10, 30, 0);
        NodeStatus node = new NodeStatus("127.0.0.1:7399", true, null, "127.0.0.3", "dc1", "r1", "NORMAL", "5.0.6",
                1, 2, 0, Map.of(), List.of(), 0, 64, 1, 1, 0, 0, 212, 0, true);
        assertThat(rule.evaluate(snapshot(now, new ObjectMapper().createObjectNode(), List.of(), List.of(node)),
                history)).singleElement().extracting(Finding::summary).asString()
                .isEqualTo("127.0.0.3 dropped about 200 mutations in the last 20 s (212 since it started)");
    }

    @Test
    void aNodeJmxCannotReadIsCritical() {
        NodeStatus down = new NodeStatus("127.0.0.1:7299", false, "JMX at 127.0.0.1:7299 cannot be read: "
                + "java.net.ConnectException: Connection refused", "127.0.0.2", "dc1", "r1", null, null, 0, 0, 0,
                Map.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, false);
        assertThat(rule.evaluate(snapshot(Recorded.START, new ObjectMapper().createObjectNode(), List.of(),
                List.of(down)), Recorded.history())).singleElement().satisfies(finding -> {
                    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(finding.summary()).startsWith("node 127.0.0.2 does not answer: JMX at 127.0.0.1:7299");
                });
    }
}
