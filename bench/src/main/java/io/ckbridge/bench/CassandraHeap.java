package io.ckbridge.bench;

import io.ckbridge.bench.measure.NodeJmx;
import io.ckbridge.sandbox.CassandraNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;

/**
 * Collects the garbage one timed phase leaves in Cassandra's heap (dropped memtables, request
 * buffers) before the next is timed, so that no phase pays for the one before it.
 */
public final class CassandraHeap {
    private CassandraHeap() {
    }

    public static void collect(CassandraNode node, PrintWriter out) {
        try (JMXConnector connector = NodeJmx.connect(node)) {
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            memory.gc();
        } catch (IOException | RuntimeException e) {
            out.println("  (could not collect " + node.name() + "'s heap over JMX: " + e.getMessage()
                    + "; timing anyway)");
            out.flush();
        }
    }
}
