package io.ckbridge.cli.day2;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.sandbox.SandboxAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One row, id {@value #PROBE_ID} (the load's ids start at 0 and the counts skip it), written to
 * the CDC table before the load and awaited on the change topic and the source topic. A table
 * made anew is learnt by the publishers, the materializer and the source on its first row: the
 * probe pays that once, so the report's delays are those of a pipeline that knows its tables.
 */
final class PathProbe {
    static final long PROBE_ID = -1;

    private final SandboxAccess access;
    private final CqlSession session;

    PathProbe(SandboxAccess access, CqlSession session) {
        this.access = access;
        this.session = session;
    }

    /** Writes the probe and waits until every topic carries it; how long that took. */
    Duration await(String table, List<String> topics, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        // the change topic is kept between rehearsals: an earlier run's probe is older than this
        long writtenMs = System.currentTimeMillis() - 1_000;
        session.execute(SimpleStatement.newInstance("INSERT INTO " + table
                        + " (id, written, origin) VALUES (?, toTimestamp(now()), 'probe')", PROBE_ID)
                .setConsistencyLevel(ConsistencyLevel.QUORUM));
        long deadline = start + limit.toNanos();
        List<String> waiting = new ArrayList<>(topics);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(access.kafkaClient(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer())) {
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new Day2Exception("the probe row (id " + PROBE_ID + ") written to " + table
                            + " did not reach " + waiting + " in " + limit.toSeconds() + " s: see the logs of the "
                            + "publishers, the materializer and Connect");
                }
                if (consumer.assignment().isEmpty() && !assign(consumer, waiting)) {
                    Thread.sleep(250);
                    continue;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.timestamp() >= writtenMs && carriesProbe(record.value())) {
                        waiting.remove(record.topic());
                    }
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** All partitions of every topic, from the beginning (the topics hold little: made anew or kept short). */
    private static boolean assign(KafkaConsumer<String, String> consumer, List<String> topics) {
        Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(10));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = all.get(topic);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    /** A value whose row (a change event's {@code after}, or the source's record) has id -1. */
    private static boolean carriesProbe(String value) {
        return value != null && value.replace(" ", "").matches("(?s).*\"id\":" + PROBE_ID + "[,}].*");
    }
}
