package io.ckbridge.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.ops.repair.RepairEngine;
import io.ckbridge.ops.repair.RepairParallelism;
import io.ckbridge.ops.repair.RepairRequest;
import io.ckbridge.ops.repair.RepairSettings;
import io.ckbridge.ops.repair.RunProgress;
import io.ckbridge.ops.repair.RunState;
import io.ckbridge.ops.repair.SegmentRecord;
import io.ckbridge.ops.repair.SegmentState;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runner's safety rules on three real nodes, with a repair engine in the test (its own state
 * keyspace, so the sandbox's ops server leaves its runs alone, and settings no server would
 * use): segments wait while a replica has more pending compactions than allowed; a segment
 * slower than its timeout is ended, tried again with longer timeouts, and counted failed.
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class RepairSafetyIT {
    private static final String KS = "repair_safety";
    private static final String STATE = "repair_safety_state";

    @Test
    void segmentsWaitWhileAReplicaHasTooManyPendingCompactionsAndRunOnceTheyAreDone(Sandbox sandbox)
            throws Exception {
        ObjectName storage = new ObjectName("org.apache.cassandra.db:type=StorageService");
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            // two SSTables per compaction, uncompressed: six of 2 MiB keep a node compacting at 1 MiB/s
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".piled (id int PRIMARY KEY, v text) WITH compaction "
                    + "= {'class': 'SizeTieredCompactionStrategy', 'min_threshold': 2, 'max_threshold': 2} "
                    + "AND compression = {'enabled': false}");
        }
        CassandraNode first = sandbox.cassandraNodes().get(0);
        try (JMXConnector jmx = jmx(first); CqlSession session = Clients.cql(sandbox)) {
            MBeanServerConnection node = jmx.getMBeanServerConnection();
            int throughput = (Integer) node.getAttribute(storage, "CompactionThroughputMbPerSec");
            node.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", 1));
            Set<UUID> driven = ConcurrentHashMap.newKeySet();
            try (RepairEngine engine = engine(sandbox, driven, settings(Duration.ofMinutes(5), 0))) {
                PreparedStatement insert = session.prepare("INSERT INTO " + KS + ".piled (id, v) VALUES (?, ?)");
                String payload = "x".repeat(1024);
                for (int sstable = 0; sstable < 6; sstable++) {
                    // a hundred writes in flight: one at a time, the 12,000 took most of the test's time
                    List<CompletableFuture<?>> writes = new ArrayList<>();
                    for (int row = 0; row < 2_000; row++) {
                        writes.add(session.executeAsync(insert.bind(sstable * 2_000 + row, payload))
                                .toCompletableFuture());
                        if (writes.size() == 100 || row == 1_999) {
                            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                            writes.clear();
                        }
                    }
                    onTable(node, storage, "forceKeyspaceFlush");
                }
                ObjectName pending = new ObjectName("org.apache.cassandra.metrics:type=Compaction,name=PendingTasks");
                await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) node.getAttribute(pending, "Value"))
                        .intValue() > 0);

                UUID id = UUID.randomUUID();
                driven.add(id);
                engine.repairs().start(new RepairRequest(KS, List.of("piled"), 1, 1.0, RepairParallelism.SEQUENTIAL,
                        false), "RepairSafetyIT", id);
                RunProgress waiting = await().atMost(Duration.ofSeconds(30))
                        .until(() -> engine.repairs().progress(id).orElseThrow(), run -> run.postponed() > 0);
                assertThat(waiting.waiting())
                        .matches(first.host() + " has \\d+ pending compactions \\(more than 0\\)");
                assertThat(waiting.done()).isZero();

                node.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", throughput));
                RunProgress done = await().atMost(Duration.ofMinutes(2)).until(() -> engine.repairs().progress(id)
                        .orElseThrow(), run -> run.state() == RunState.DONE);
                assertThat(done.done()).isEqualTo(done.total());
            } finally {
                node.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", throughput));
            }
        }
    }

    @Test
    void aSegmentSlowerThanItsTimeoutIsEndedRetriedWithLongerTimeoutsAndCountedFailed(Sandbox sandbox)
            throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".slow (id int PRIMARY KEY, v text)");
        }
        Set<UUID> driven = ConcurrentHashMap.newKeySet();
        // a full repair of even an empty table takes longer than 5 ms among three nodes
        try (RepairEngine engine = engine(sandbox, driven, settings(Duration.ofMillis(5), 20))) {
            UUID id = UUID.randomUUID();
            driven.add(id);
            engine.repairs().start(new RepairRequest(KS, List.of("slow"), 1, 1.0, RepairParallelism.SEQUENTIAL,
                    false), "RepairSafetyIT", id);
            RunProgress ended = await().atMost(Duration.ofMinutes(2)).until(() -> engine.repairs().progress(id)
                    .orElseThrow(), run -> run.state().finished());
            assertThat(ended.state()).isEqualTo(RunState.ERROR);
            assertThat(ended.failed()).isEqualTo(ended.total()).isPositive();
            assertThat(ended.error()).isEqualTo(ended.total() + " of " + ended.total() + " segments failed");
            for (SegmentRecord segment : engine.repairs().segments(id)) {
                assertThat(segment.state()).isEqualTo(SegmentState.FAILED);
                assertThat(segment.attempts()).isEqualTo(3);
                // the last attempt had three times the first's timeout
                assertThat(segment.error()).isEqualTo("still running after PT0.015S: the node's repair sessions "
                        + "were ended (attempt 3 of 3)");
            }
        }
    }

    /** A StorageService operation on the table {@code piled}, as nodetool runs it. */
    private static void onTable(MBeanServerConnection node, ObjectName storage, String operation) throws Exception {
        node.invoke(storage, operation, new Object[] {KS, new String[] {"piled"}},
                new String[] {String.class.getName(), String[].class.getName()});
    }

    private static RepairEngine engine(Sandbox sandbox, Set<UUID> driven, RepairSettings settings) {
        List<JmxEndpoint> endpoints = sandbox.cassandraNodes().stream()
                .map(node -> new JmxEndpoint("127.0.0.1", node.jmxPort())).toList();
        return RepairEngine.over(Clients.cql(sandbox), STATE, "", endpoints, "", "", settings, driven::contains);
    }

    private static RepairSettings settings(Duration timeout, int maxPending) {
        return new RepairSettings(timeout, 3, maxPending, 1, Duration.ofSeconds(30), "RepairSafetyIT",
                Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    private static JMXConnector jmx(CassandraNode node) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + node.jmxPort() + "/jmxrmi"));
    }
}
