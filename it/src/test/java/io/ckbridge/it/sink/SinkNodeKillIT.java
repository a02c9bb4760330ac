package io.ckbridge.it.sink;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.ServerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Cassandra node killed with SIGKILL during an exactly-once sink load on three nodes, RF=3. Each
 * record appends its sequence number to a list (not idempotent), so a record applied twice shows
 * as a duplicate and a lost one as a gap; writes in flight on the killed coordinator have an
 * unknown outcome, which the sink settles through its offset table before retrying.
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class SinkNodeKillIT {
    private static final String KS = "sink_node_kill";
    private static final String TOPIC = "node-kill-appends";
    private static final int RECORDS = 40_000;
    private static final int ROWS = 400;
    private static final int PARTITIONS = 4;

    @Test
    void everyRecordsEffectIsThereExactlyOnceAfterANodeIsKilledMidLoad(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".appends (id int PRIMARY KEY, seqs list<bigint>)");
        }
        Clients.createTopic(sandbox, TOPIC, PARTITIONS);
        Connectors.deploy(sandbox, "sink-node-kill", with(Connectors.sinkConfig(sandbox, KS, TOPIC),
                "cassandra.write.mode", "Update", "cassandra.update.collections", "APPEND",
                "topic." + TOPIC + "." + KS + ".appends.mapping", "id=value.id, seqs=value.seq",
                "cassandra.offset.storage.table", "sink_offsets",
                "cassandra.consistency.level", "QUORUM"));
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produceSteadily(sandbox));
        try (CqlSession session = Clients.cql(sandbox)) {
            await().ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> applied(session) >= RECORDS / 4);
            long atKill = applied(session);
            assertThat(atKill).as("killed while records are still being written").isLessThan(RECORDS);
            sandbox.cassandraNodes().get(1).kill();
            long killedAt = System.nanoTime();
            // the load goes on against two of three replicas (QUORUM still holds): an eighth of the
            // records, written at the sink's slower pace while a replica is down
            await().ignoreExceptions().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> applied(session) >= atKill + RECORDS / 8);
            long whileDown = await().ignoreExceptions().until(() -> applied(session), n -> n >= 0) - atKill;
            sandbox.start(line -> { });
            assertThat(sandbox.status()).allMatch(ServerStatus::up);
            load.get();
            await().ignoreExceptions().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> applied(session) >= RECORDS);
            Thread.sleep(3000); // a duplicate would show as more than RECORDS
            System.out.printf("[node-kill] %,d records; %,d applied before the kill, %,d while the node was down "
                    + "(%.0f s), %,d applied in all%n", RECORDS, atKill, whileDown,
                    (System.nanoTime() - killedAt) / 1e9, await().ignoreExceptions().until(() -> applied(session),
                            n -> n >= 0));

            assertThat(Connectors.client(sandbox).isRunning("sink-node-kill", 1)).isTrue();
            Map<Integer, List<Long>> lists = new HashMap<>();
            List<Row> rows = await().ignoreExceptions().until(
                    () -> session.execute(quorum("SELECT id, seqs FROM " + KS + ".appends")).all(), all -> true);
            for (Row row : rows) {
                lists.put(row.getInt("id"), row.getList("seqs", Long.class));
            }
            assertThat(lists).hasSize(ROWS);
            for (int id = 0; id < ROWS; id++) {
                List<Long> expected = new ArrayList<>();
                for (long seq = id; seq < RECORDS; seq += ROWS) {
                    expected.add(seq);
                }
                assertThat(lists.get(id)).as("row %d: every append exactly once, in order", id).isEqualTo(expected);
            }
        } finally {
            Connectors.delete(sandbox, "sink-node-kill");
        }
    }

    private static SimpleStatement quorum(String query) {
        return SimpleStatement.newInstance(query).setConsistencyLevel(ConsistencyLevel.QUORUM);
    }

    /** Elements appended so far, read at QUORUM: how many records are applied (twice-applied ones count twice). */
    private static long applied(CqlSession session) {
        long total = 0;
        for (Row row : session.execute(quorum("SELECT seqs FROM " + KS + ".appends"))) {
            total += row.getList(0, Long.class).size();
        }
        return total;
    }

    /** 40,000 records at 1,000 a second, so the kill and the node's return land while records flow. */
    private static void produceSteadily(Sandbox sandbox) {
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            long start = System.nanoTime();
            for (long seq = 0; seq < RECORDS; seq++) {
                int id = (int) (seq % ROWS);
                // records of one row share a partition, so their order is Kafka's order
                producer.send(new ProducerRecord<>(TOPIC, id % PARTITIONS, Integer.toString(id),
                        "{\"id\":" + id + ",\"seq\":[" + seq + "]}"));
                long wait = start + seq * 1_000_000L - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
