package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.nodes.NodeStatus;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.List;

/** A node JMX cannot read, or one that dropped mutations in the last minutes. */
final class NodeRule implements FindingRule {
    static final String DOWN = "node-unreachable";
    static final String DROPPED = "dropped-mutations";

    private final long windowMs;

    NodeRule(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (NodeStatus node : now.nodes()) {
            if (!node.up()) {
                findings.add(new Finding(DOWN + ":" + node.endpoint(), DOWN, Severity.CRITICAL,
                        "node " + (node.address() == null ? node.endpoint() : node.address()) + " does not answer: "
                                + node.error(),
                        "A node that is down takes no writes: its replicas miss them (hints are kept for "
                                + "max_hint_window, 3 h by default) and requests at QUORUM need the others.",
                        "Check the node's process and log; once it is back, run a repair of its ranges if it was "
                                + "down longer than max_hint_window.",
                        List.of(Evidence.fact(node.error())), now.timeMs()));
                continue;
            }
            SeriesWindow dropped = new SeriesWindow(history, Series.droppedMutationsPerSecond(node.address()),
                    now.timeMs() - windowMs);
            double count = dropped.integral();
            if (count >= 1) {
                findings.add(new Finding(DROPPED + ":" + node.address(), DROPPED, Severity.WARNING,
                        node.address() + " dropped about " + Figures.count(count) + " mutations in the last "
                                + Figures.duration(now.timeMs() - dropped.oldest().orElseThrow().timeMs())
                                + " (" + Figures.count(node.droppedMutations()) + " since it started)",
                        "A node drops a mutation that waited in its queue longer than write_request_timeout: "
                                + "it is overloaded (CPU, disk, a long collector pause). The coordinator stores a "
                                + "hint and the write succeeds elsewhere, but the replica misses it until the hint "
                                + "is replayed or a repair runs.",
                        "Lower the write load on that node or find what slows it (compactions, heap, disk); run a "
                                + "repair of its tables if hints could not keep up.",
                        List.of(Evidence.series(dropped.name(), dropped.oldest().orElseThrow(),
                                dropped.newest().orElseThrow(), "mutations dropped per second")), now.timeMs()));
            }
        }
        return findings;
    }
}
