package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.CassandraNode;
import java.util.List;
import java.util.Optional;

/** The ops finding that a node does not answer: raised while it is down, cleared once it is back. */
final class NodeDownFinding {
    static final String RULE = "node-unreachable";

    private NodeDownFinding() {
    }

    static Optional<FindingsWatch.Episode> of(CassandraNode node, List<FindingsWatch.Episode> findings) {
        String endpoint = ":" + node.jmxPort();
        return findings.stream().filter(episode -> episode.rule().equals(RULE) && !episode.before()
                && episode.id().endsWith(endpoint)).findFirst();
    }

    static Check raisedAndCleared(CassandraNode node, List<FindingsWatch.Episode> findings) {
        Optional<FindingsWatch.Episode> episode = of(node, findings);
        String said = episode.map(e -> "raised at " + Timeline.clock(e.raisedMs())
                + (e.clearedMs() == null ? ", not cleared" : ", cleared at " + Timeline.clock(e.clearedMs())))
                .orElse("not raised");
        return new Check("ops said " + node.name() + " was down (" + RULE + "): " + said,
                episode.isPresent() && episode.get().clearedMs() != null);
    }
}
