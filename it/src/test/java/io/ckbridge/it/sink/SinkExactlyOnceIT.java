package io.ckbridge.it.sink;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Each record appends its sequence number to a list: appending is not idempotent, so a record
 * written twice shows as a duplicate and one lost as a gap. The Connect worker is killed with
 * SIGKILL three times while records flow.
 */
@BridgeSandbox
class SinkExactlyOnceIT {
    private static final String KS = "sink_eo";
    private static final String TOPIC = "eo-appends";
    private static final int RECORDS = 100_000;
    private static final int ROWS = 500;
    private static final int PARTITIONS = 4;
    /** Rows MARKER_ID + partition take the marker records, one last on each partition. */
    private static final int MARKER_ID = 1_000_000;

    @Test
    void everyRecordsEffectIsThereExactlyOnceAfterTheWorkerIsKilledThreeTimesMidLoad(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".appends (id int PRIMARY KEY, seqs list<bigint>)");
        }
        Clients.createTopic(sandbox, TOPIC, PARTITIONS);
        Connectors.deploy(sandbox, "sink-eo", with(Connectors.sinkConfig(sandbox, KS, TOPIC),
                "cassandra.write.mode", "Update", "cassandra.update.collections", "APPEND",
                "topic." + TOPIC + "." + KS + ".appends.mapping", "id=value.id, seqs=value.seq",
                "cassandra.offset.storage.table", "sink_offsets",
                // a killed worker's consumer must leave the group quickly for the restarted one to take over
                "consumer.override.session.timeout.ms", "6000", "consumer.override.heartbeat.interval.ms", "1500"));

        AtomicLong produced = new AtomicLong();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produceSteadily(sandbox, produced));
        int kills = 0;
        try (CqlSession session = Clients.cql(sandbox)) {
            for (long threshold : List.of(15_000L, 45_000L, 75_000L)) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> applied(session) >= threshold);

                assertThat(applied(session)).as("killed while records are still being written").isLessThan(RECORDS);
                sandbox.connect().kill();
                kills++;
                sandbox.start(line -> { });
            }
            load.get();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> applied(session) >= RECORDS);
            // A marker record last on each partition: the task writes a partition's records in order, so
            // once a marker's row is there every record before it on its partition has been written.
            sendMarkers(sandbox);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> markersWritten(session) == PARTITIONS);

            assertThat(kills).isEqualTo(3);
            Map<Integer, List<Long>> lists = new HashMap<>();
            for (Row row : session.execute("SELECT id, seqs FROM " + KS + ".appends")) {
                if (row.getInt("id") < MARKER_ID) {
                    lists.put(row.getInt("id"), row.getList("seqs", Long.class));
                } else {
                    assertThat(row.getList("seqs", Long.class)).as("marker row %d", row.getInt("id"))
                            .containsExactly(-1L);
                }
            }
            assertThat(lists).hasSize(ROWS);
            for (int id = 0; id < ROWS; id++) {
                List<Long> expected = new ArrayList<>();
                for (long seq = id; seq < RECORDS; seq += ROWS) {
                    expected.add(seq);
                }
                List<Long> actual = lists.get(id);
                assertThat(actual).as("row %d: every append exactly once, in order", id).isEqualTo(expected);
            }
        } finally {
            Connectors.delete(sandbox, "sink-eo");
        }
    }

    /** Sends one marker record to each partition, appending -1 to row MARKER_ID + partition. */
    private static void sendMarkers(Sandbox sandbox) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                int id = MARKER_ID + partition;
                String value = "{\"id\":" + id + ",\"seq\":[-1]}";
                producer.send(new ProducerRecord<>(TOPIC, partition, Integer.toString(id), value)).get();
            }
        }
    }

    private static long markersWritten(CqlSession session) {
        long written = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String query = "SELECT id FROM " + KS + ".appends WHERE id = " + (MARKER_ID + partition);
            if (session.execute(query).one() != null) {
                written++;
            }
        }
        return written;
    }

    /** Elements appended so far: how many records are applied (twice-applied ones count twice). */
    private static long applied(CqlSession session) {
        long total = 0;
        for (Row row : session.execute("SELECT seqs FROM " + KS + ".appends")) {
            total += row.getList(0, Long.class).size();
        }
        return total;
    }

    /** 100,000 records over about forty seconds, so the kills land while records flow. */
    private static void produceSteadily(Sandbox sandbox, AtomicLong produced) {
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            long start = System.nanoTime();
            for (long seq = 0; seq < RECORDS; seq++) {
                int id = (int) (seq % ROWS);
                // records of one row share a partition, so their order is Kafka's order
                producer.send(new ProducerRecord<>(TOPIC, id % 4, Integer.toString(id), "{\"id\":" + id + ",\"seq\":["
                        + seq + "]}"));
                produced.incrementAndGet();
                long due = start + seq * 400_000L; // 2,500 records a second
                long wait = due - System.nanoTime();
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
