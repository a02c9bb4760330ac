package io.ckbridge.it.ops;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The lag ↔ compaction finding provoked for real: a table with several SSTables is compacted
 * (forced, throttled to 1 MiB/s over JMX as nodetool compact and setcompactionthroughput do)
 * while a deliberately slow sink writes to it and records arrive faster than it writes.
 */
@BridgeSandbox
class OpsCompactionFindingIT {
    private static final String KS = "ops_compaction";
    private static final String TABLE = "orders";
    private static final String TOPIC = "ops-compaction";
    private static final String CONNECTOR = "ops-compaction-sink";
    private static final String[] TABLES = {TABLE};

    @Test
    void aSinkLagRisingWhileANodeCompactsItsTableIsAFindingNamingTheNodeTheTableAndTheFigures(Sandbox sandbox)
            throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + "." + TABLE
                    + " (id int PRIMARY KEY, payload text) WITH compression = {'enabled': 'false'}");
        }
        ExecutorService background = Executors.newFixedThreadPool(2);
        AtomicBoolean producing = new AtomicBoolean(true);
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + sandbox.cassandraNodes().get(0).jmxPort() + "/jmxrmi"))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName storage = new ObjectName("org.apache.cassandra.db:type=StorageService");
            int throughput = (Integer) mbeans.getAttribute(storage, "CompactionThroughputMbPerSec");
            mbeans.invoke(storage, "disableAutoCompaction", new Object[] {KS, TABLES},
                    new String[] {String.class.getName(), String[].class.getName()});
            try {
                // 64 MiB uncompressed (compressed, the throttle would pass it in a second)
                writeSstables(sandbox, mbeans, storage, 8, 8_000);
                mbeans.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", 1));
                Future<?> compaction = background.submit(() -> {
                    mbeans.invoke(storage, "forceKeyspaceCompaction", new Object[] {false, KS, TABLES},
                            new String[] {boolean.class.getName(), String.class.getName(), String[].class.getName()});
                    return null;
                });
                await("the compaction of " + KS + "." + TABLE + " seen by ops").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> OpsApi.getJson(sandbox, "/api/nodes")
                                .findValuesAsText("table").contains(TABLE));

                Clients.createTopic(sandbox, TOPIC, 2);
                // one write at a time, one record per write: a sink slower than the producer below
                Connectors.deploy(sandbox, CONNECTOR, with(Connectors.sinkConfig(sandbox, KS, TOPIC),
                        "topic." + TOPIC + "." + KS + "." + TABLE + ".mapping", "id=value.id, payload=value.payload",
                        "cassandra.max.concurrent.requests", "1", "cassandra.batch.max.records", "1"));
                AtomicLong sent = new AtomicLong();
                background.submit(() -> produce(sandbox, producing, sent));

                String id = "lag-with-compaction:connect-" + CONNECTOR + ":127.0.0.1";
                JsonNode finding = await("the finding " + id).atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(2))
                        .until(() -> OpsApi.finding(sandbox, id), Optional::isPresent).orElseThrow();
                System.out.printf("[ops] %s: %s (%,d records sent)%n", finding.path("severity").asText(),
                        finding.path("summary").asText(), sent.get());
                assertThat(finding.path("summary").asText()).startsWith("lag of connect-" + CONNECTOR + " on "
                        + TOPIC + " rose from ").contains("while 127.0.0.1 compacted " + KS + "." + TABLE);
                assertThat(finding.path("evidence").findValuesAsText("series")).contains(
                        "lag.records:connect-" + CONNECTOR);
                assertThat(finding.path("why").asText()).contains("compaction_throughput is 1 MiB/s");
                assertThat(OpsApi.getJson(sandbox, "/api/history?series=lag.records:connect-" + CONNECTOR
                        + "&minutes=5").path("series").get(0).path("points").size()).isGreaterThanOrEqualTo(2);
                producing.set(false);
                mbeans.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", throughput));
                compaction.get(120, TimeUnit.SECONDS);
            } finally {
                producing.set(false);
                mbeans.setAttribute(storage, new Attribute("CompactionThroughputMbPerSec", throughput));
                mbeans.invoke(storage, "enableAutoCompaction", new Object[] {KS, TABLES},
                        new String[] {String.class.getName(), String[].class.getName()});
                Connectors.delete(sandbox, CONNECTOR);
            }
        } finally {
            producing.set(false);
            background.shutdown();
            background.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** {@code rounds} flushes of {@code rows} rows of 1 KiB each: that many SSTables to compact, 1 MiB a second. */
    private static void writeSstables(Sandbox sandbox, MBeanServerConnection mbeans, ObjectName storage, int rounds,
            int rows) throws Exception {
        String payload = "x".repeat(1024);
        try (CqlSession session = Clients.cql(sandbox)) {
            PreparedStatement insert = session.prepare("INSERT INTO " + KS + "." + TABLE
                    + " (id, payload) VALUES (?, ?)");
            for (int round = 0; round < rounds; round++) {
                List<CompletionStage<?>> inFlight = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    inFlight.add(session.executeAsync(insert.bind(1_000_000 + round * rows + i, payload)));
                    if (inFlight.size() == 256) {
                        CompletableFuture.allOf(inFlight.stream().map(CompletionStage::toCompletableFuture)
                                .toArray(CompletableFuture[]::new)).join();
                        inFlight.clear();
                    }
                }
                CompletableFuture.allOf(inFlight.stream().map(CompletionStage::toCompletableFuture)
                        .toArray(CompletableFuture[]::new)).join();
                mbeans.invoke(storage, "forceKeyspaceFlush", new Object[] {KS, TABLES},
                        new String[] {String.class.getName(), String[].class.getName()});
            }
        }
    }

    /** About 3,000 records a second until told to stop. */
    private static Void produce(Sandbox sandbox, AtomicBoolean producing, AtomicLong sent) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.stringProducer(sandbox)) {
            int id = 0;
            while (producing.get()) {
                for (int i = 0; i < 300; i++, id++) {
                    producer.send(new ProducerRecord<>(TOPIC, Integer.toString(id), "{\"id\":" + id
                            + ",\"payload\":\"p" + id + "\"}"));
                }
                sent.addAndGet(300);
                Thread.sleep(100);
            }
        }
        return null;
    }
}
