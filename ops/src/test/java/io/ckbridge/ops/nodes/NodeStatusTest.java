package io.ckbridge.ops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeStatusTest {
    private static final JmxEndpoint ENDPOINT = new JmxEndpoint("127.0.0.1", 7199);

    private static NodeSample sample(long timeMs, long bytesCompacted, long writes, long dropped) {
        return new NodeSample(timeMs, "127.0.0.1", "dc1", "rack1", "NORMAL", "5.0.6", 100, 200, 2,
                Map.of("shop.orders", 2), List.of(new ActiveCompaction("shop", "orders", "Compaction", 5, 10,
                "bytes")), bytesCompacted, 7, 64, 2_500, 1_200, writes, 0, dropped, true);
    }

    @Test
    void ratesAreTheCountersDifferenceOverTheTimeBetweenTwoReadings() {
        NodeStatus status = NodeStatus.of(ENDPOINT, sample(15_000, 60_000_000, 10_000, 12),
                sample(5_000, 10_000_000, 0, 2));
        assertThat(status.compactedBytesPerSecond()).isEqualTo(5_000_000);
        assertThat(status.writesPerSecond()).isEqualTo(1_000);
        assertThat(status.droppedMutationsPerSecond()).isEqualTo(1);
        assertThat(status.writeP99Ms()).isEqualTo(2.5);
        assertThat(status.compacting("shop.orders")).isTrue();
        assertThat(status.compacting("shop.customers")).isFalse();
    }

    @Test
    void aRestartedNodeOrAFirstReadingHasNoRates() {
        assertThat(NodeStatus.of(ENDPOINT, sample(15_000, 100, 10, 0), sample(5_000, 60_000_000, 10_000, 0))
                .compactedBytesPerSecond()).isZero();
        assertThat(NodeStatus.of(ENDPOINT, sample(15_000, 100, 10, 0), null).writesPerSecond()).isZero();
    }

    @Test
    void endpointsDefaultToCassandrasJmxPort() {
        assertThat(JmxEndpoint.parse(List.of("10.0.0.1", " 10.0.0.2:7299 ", ""))).containsExactly(
                new JmxEndpoint("10.0.0.1", 7199), new JmxEndpoint("10.0.0.2", 7299));
    }
}
