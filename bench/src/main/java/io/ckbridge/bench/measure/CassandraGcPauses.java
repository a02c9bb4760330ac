package io.ckbridge.bench.measure;

import io.ckbridge.sandbox.CassandraNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * The collections of Cassandra's heap over a benchmark phase, from each node's GCInspector (what
 * {@code nodetool gcstats} reads): a node paused by its collector neither takes writes nor syncs
 * its commit log, so a long pause shows up in the latency tail.
 */
public final class CassandraGcPauses {
    private static final String INSPECTOR = "org.apache.cassandra.service:type=GCInspector";

    /** Over all nodes: the longest pause, and how many collections there were. */
    public record Pauses(long longestMillis, long collections) {
    }

    private CassandraGcPauses() {
    }

    /** Starts a phase: forgets what each node's inspector gathered so far. */
    public static void reset(List<CassandraNode> nodes) {
        read(nodes);
    }

    /** What the nodes gathered since the last call; empty when a node could not be asked. */
    public static Optional<Pauses> read(List<CassandraNode> nodes) {
        long longest = 0;
        long collections = 0;
        for (CassandraNode node : nodes) {
            Optional<double[]> stats = getAndResetStats(node);
            if (stats.isEmpty()) {
                return Optional.empty();
            }
            // [interval ms, max pause ms, total ms, sum of squares, bytes reclaimed, collections, direct memory]
            longest = Math.max(longest, (long) stats.get()[1]);
            collections += (long) stats.get()[5];
        }
        return Optional.of(new Pauses(longest, collections));
    }

    private static Optional<double[]> getAndResetStats(CassandraNode node) {
        try {
            try (JMXConnector connector = NodeJmx.connect(node)) {
                // an MXBean: its getAndResetStats() reads as the attribute "AndResetStats"
                Object stats = connector.getMBeanServerConnection()
                        .getAttribute(new ObjectName(INSPECTOR), "AndResetStats");
                return stats instanceof double[] values && values.length >= 6 ? Optional.of(values) : Optional.empty();
            }
        } catch (IOException | JMException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
