package io.ckbridge.it.cdc;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.ServerProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kafka stopped for 60 seconds while writes go to a CDC table and the sink is working through a
 * load: once Kafka is back, every change is published and materialized and every record is
 * written, with the publisher, the Connect worker and the materializer the same processes as
 * before (they resumed by themselves, nothing restarted them).
 */
@Tag("fault")
@BridgeSandbox
class KafkaOutageIT {
    private static final String KS = "fault_kafka";
    private static final String TOPIC = "outage-sink";
    private static final int SINK_RECORDS = 40_000;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void afterSixtySecondsWithoutKafkaNothingIsLostAndEveryComponentResumesByItself(Sandbox sandbox)
            throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".writes (id int PRIMARY KEY, v text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".sunk (id int PRIMARY KEY, v text)");
        }
        Clients.createTopic(sandbox, TOPIC, 4);
        Connectors.deploy(sandbox, "sink-outage", with(Connectors.sinkConfig(sandbox, KS, TOPIC),
                "topic." + TOPIC + "." + KS + ".sunk.mapping", "id=value.id, v=value.v",
                // The task's consumer, closed while Kafka is away, cannot leave its group: the restarted
                // broker loads the group with it, and the new task's consumer joins only once its session
                // runs out (45 s by default).
                "consumer.override.session.timeout.ms", "6000", "consumer.override.heartbeat.interval.ms", "1500"));
        Map<String, Long> pids = pids(sandbox);
        Clients.send(sandbox, TOPIC, Integer.toString(SINK_RECORDS), "{\"id\":" + SINK_RECORDS + ",\"v\":\"first\"}");

        int written;
        int sentAtStop;
        try (CqlSession session = Clients.cql(sandbox); CdcWriter writer = new CdcWriter(session)) {
            await().ignoreExceptions().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> session.execute("SELECT id FROM " + KS + ".sunk WHERE id = " + SINK_RECORDS)
                            .one() != null);
            await().atMost(Duration.ofMinutes(2)).until(() -> writer.written() >= 500);
            SinkLoad load = new SinkLoad(sandbox);
            await().atMost(Duration.ofMinutes(1)).alias("sink records sent")
                    .until(() -> load.state(), state -> load.sent() >= 16_000);
            load.pause();
            sentAtStop = load.sent();
            assertThat(sentAtStop).as("the sink is mid-load when Kafka stops").isLessThan(SINK_RECORDS);
            sandbox.kafka().stop();
            Thread.sleep(OUTAGE.toMillis()); // the fault itself: CDC writes go on meanwhile
            assertThat(writer.failure()).as("Cassandra takes writes while Kafka is away").isNull();
            sandbox.start(line -> { }); // starts Kafka again; a server that died would get a new pid
            load.resume();
            Thread.sleep(10_000);
            written = writer.stop();
            load.awaitDone();
            await().ignoreExceptions().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(session) >= SINK_RECORDS + 1);
            System.out.printf("[kafka-outage] %d s without Kafka: %,d CDC writes; %,d of %,d sink records sent when "
                    + "it stopped, all written after%n", OUTAGE.toSeconds(), written, sentAtStop, SINK_RECORDS);
        }

        List<JsonNode> raw = RawChanges.readThroughMarkers(sandbox, KS, "writes");
        Set<Integer> rawIds = new HashSet<>();
        raw.forEach(change -> rawIds.add(change.path("key").path("id").asInt()));
        List<ChangeEvents.Event> events = ChangeEvents.readThroughMarkers(sandbox, KS, "writes");
        Set<Integer> eventIds = new HashSet<>();
        events.forEach(event -> eventIds.add(event.id("id")));
        System.out.printf("[kafka-outage] raw changes: %,d for %,d writes (%,d duplicates); change events: %,d "
                + "(%,d duplicates)%n", raw.size(), written, raw.size() - rawIds.size(), events.size(),
                events.size() - eventIds.size());
        for (int id = 0; id < written; id++) {
            assertThat(rawIds).as("raw change of write %d", id).contains(id);
            assertThat(eventIds).as("change event of write %d", id).contains(id);
        }
        assertThat(Connectors.client(sandbox).isRunning("sink-outage", 1)).isTrue();
        assertThat(pids(sandbox)).as("the same processes: none had to be restarted").isEqualTo(pids);
        Connectors.delete(sandbox, "sink-outage");
    }

    /** The pid of the publisher, the Connect worker and the materializer. */
    private static Map<String, Long> pids(Sandbox sandbox) {
        Map<String, Long> pids = new LinkedHashMap<>();
        List<ServerProcess> watched = List.of(sandbox.cdcPublishers().get(0), sandbox.connect(),
                sandbox.materializer());
        for (ServerProcess server : watched) {
            pids.put(server.name(), server.running().map(ProcessHandle::pid).orElse(-1L));
        }
        return pids;
    }

    /** Records for the sink, 2,000 a second, paused (and flushed) while Kafka is away. */
    private static final class SinkLoad implements AutoCloseable {
        private final Sandbox sandbox;
        private final Thread thread = new Thread(this::run, "sink-load");
        private final Semaphore running = new Semaphore(1);
        private volatile int sent;
        private volatile Throwable failure;

        SinkLoad(Sandbox sandbox) {
            this.sandbox = sandbox;
            thread.setDaemon(true); // never outlives a failed test's JVM
            thread.start();
        }

        private void run() {
            try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
                long start = System.nanoTime();
                for (int id = 0; id < SINK_RECORDS; id++) {
                    running.acquire();
                    try {
                        producer.send(new ProducerRecord<>(TOPIC, Integer.toString(id),
                                "{\"id\":" + id + ",\"v\":\"sunk " + id + "\"}"));
                        sent = id + 1;
                        // nothing left in the producer's buffer when a pause begins: Kafka stops next
                        if (id % 1000 == 999 || running.hasQueuedThreads()) {
                            producer.flush();
                        }
                    } finally {
                        running.release();
                    }
                    long wait = start + id * 500_000L - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        void pause() throws InterruptedException {
            running.acquire();
        }

        void resume() {
            running.release();
        }

        int sent() {
            return sent;
        }

        String state() {
            return sent + " sent" + (failure == null ? "" : ", failed: " + failure);
        }

        void awaitDone() throws InterruptedException {
            thread.join(Duration.ofMinutes(3).toMillis());
            assertThat(failure).isNull();
            assertThat(sent).isEqualTo(SINK_RECORDS);
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    private static long count(CqlSession session) {
        return session.execute("SELECT count(*) FROM " + KS + ".sunk").one().getLong(0);
    }

    /** Writes rows 0, 1, 2, ... to the CDC table, about 100 a second, until stopped. */
    private static final class CdcWriter implements AutoCloseable {
        private final CqlSession session;
        private final PreparedStatement insert;
        private final AtomicInteger next = new AtomicInteger();
        private final Thread thread = new Thread(this::run, "cdc-writer");
        private volatile boolean writing = true;
        private volatile Throwable failure;

        CdcWriter(CqlSession session) {
            this.session = session;
            this.insert = session.prepare("INSERT INTO " + KS + ".writes (id, v) VALUES (?, ?)");
            thread.start();
        }

        /** A write that times out on the busy machine is tried again; one failing for 30 s fails the test. */
        private void run() {
            long failingSince = 0;
            try {
                while (writing) {
                    int id = next.get();
                    try {
                        session.execute(insert.bind(id, "written " + id));
                        next.incrementAndGet();
                        failingSince = 0;
                    } catch (RuntimeException e) {
                        failingSince = failingSince == 0 ? System.currentTimeMillis() : failingSince;
                        if (System.currentTimeMillis() - failingSince > 30_000) {
                            failure = e;
                            return;
                        }
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int written() {
            return next.get();
        }

        Throwable failure() {
            return failure;
        }

        int stop() throws InterruptedException {
            writing = false;
            thread.join();
            assertThat(failure).isNull();
            return next.get();
        }

        @Override
        public void close() throws InterruptedException {
            writing = false;
            thread.join();
        }
    }
}
