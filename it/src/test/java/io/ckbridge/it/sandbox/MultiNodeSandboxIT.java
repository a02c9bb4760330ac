package io.ckbridge.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.ops.repair.ReplicatedRange;
import io.ckbridge.ops.repair.RingReader;
import io.ckbridge.ops.repair.Segment;
import io.ckbridge.ops.repair.SegmentPlanner;
import io.ckbridge.ops.repair.SegmentRepair;
import io.ckbridge.ops.repair.TokenRange;
import io.ckbridge.sandbox.Sandbox;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("multinode")
@BridgeSandbox(nodes = 3)
class MultiNodeSandboxIT {

    @Test
    void threeNodesFormOneClusterWhereRf3KeyspacesWork(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            assertThat(session.getMetadata().getNodes()).hasSize(3);
            // system.peers is each node's own view: ask every node, each must see the two others.
            for (Node node : session.getMetadata().getNodes().values()) {
                String self = node.getBroadcastRpcAddress().orElseThrow().getAddress().getHostAddress();
                List<Row> peers =
                        session.execute(SimpleStatement.newInstance("SELECT peer, data_center FROM system.peers")
                        .setNode(node)).all();
                assertThat(peers).extracting(row -> row.getInetAddress("peer").getHostAddress())
                        .as("peers of %s", self)
                        .hasSize(2)
                        .doesNotContain(self)
                        .allMatch(address -> List.of("127.0.0.1", "127.0.0.2", "127.0.0.3").contains(address));
                assertThat(peers).extracting(row -> row.getString("data_center")).containsOnly("datacenter1");
            }

            session.execute(
                    "CREATE KEYSPACE IF NOT EXISTS rf3 WITH replication = {'class': 'NetworkTopologyStrategy', "
                    + "'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS rf3.t (id int PRIMARY KEY, v text)");
            // ALL needs every replica: it succeeds only if the three nodes hold the row.
            session.execute(SimpleStatement.newInstance("INSERT INTO rf3.t (id, v) VALUES (1, 'x')")
                    .setConsistencyLevel(ConsistencyLevel.ALL));
            Row row = session.execute(SimpleStatement.newInstance("SELECT v FROM rf3.t WHERE id = 1")
                    .setConsistencyLevel(ConsistencyLevel.ALL)).one();
            assertThat(row.getString("v")).isEqualTo("x");
        }
    }

    @Test
    void theRingOfAnRf3KeyspaceIsSplitIntoRepairSegmentsThatCoverEveryTokenOnceOnAllThreeReplicas(Sandbox sandbox)
            throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS rf3_ring WITH replication = "
                    + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + sandbox.cassandraNodes().get(0).jmxPort() + "/jmxrmi"))) {
            List<ReplicatedRange> ranges = RingReader.ranges(jmx.getMBeanServerConnection(), "rf3_ring");
            assertThat(ranges).isNotEmpty().allMatch(range -> range.replicas()
                    .equals(Set.of("127.0.0.1", "127.0.0.2", "127.0.0.3")));
            List<Segment> segments = SegmentPlanner.plan(ranges, 8);
            System.out.printf("[ring] %d token ranges, %d segments at 8 per node%n", ranges.size(), segments.size());
            assertThat(segments.size()).isGreaterThanOrEqualTo(24);
            assertThat(segments.stream().map(Segment::width).reduce(BigInteger.ZERO, BigInteger::add))
                    .isEqualTo(TokenRange.RING);

            // each segment repaired by Cassandra itself, as nodetool repair -st -et would
            try (CqlSession session = Clients.cql(sandbox)) {
                session.execute("CREATE TABLE IF NOT EXISTS rf3_ring.t (id int PRIMARY KEY, v text)");
                for (int id = 0; id < 200; id++) {
                    session.execute("INSERT INTO rf3_ring.t (id, v) VALUES (" + id + ", 'v')");
                }
            }
            SegmentRepair.Options options = new SegmentRepair.Options("rf3_ring", List.of("t"), "parallel", false);
            List<Segment> few = SegmentPlanner.plan(ranges, 1);
            long start = System.nanoTime();
            for (Segment segment : few) {
                SegmentRepair.Result result = SegmentRepair.run(jmx.getMBeanServerConnection(), options, segment,
                        Duration.ofMinutes(2));
                assertThat(result.outcome()).as("segment %s: %s", segment.ranges(), result.message())
                        .isEqualTo(SegmentRepair.Outcome.SUCCESS);
                assertThat(result.command()).isPositive();
            }
            System.out.printf("[ring] %d segments repaired in %.1f s%n", few.size(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
