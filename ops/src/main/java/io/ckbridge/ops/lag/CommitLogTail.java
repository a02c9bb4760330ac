package io.ckbridge.ops.lag;

import io.ckbridge.ops.lag.OffsetCommitRecords.OffsetCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every group's offset commits from {@code __consumer_offsets} as they happen, with the time
 * each was committed, decoded by Kafka's own group coordinator serde. It starts at the log's end:
 * older commits were judged against end offsets nobody recorded. Without the right to read the
 * topic it logs once and stops; the admin client's view then stands in (see {@link LagTracker}).
 */
public final class CommitLogTail implements AutoCloseable {
    static final String TOPIC = "__consumer_offsets";
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogTail.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LagTracker tracker;
    private final OffsetCommitRecords records = new OffsetCommitRecords();
    private final Thread thread = new Thread(this::run, "ops-commit-log");
    private volatile boolean reading;

    public CommitLogTail(Map<String, Object> clientConfig, LagTracker tracker) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "bridge-ops-commit-log");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.tracker = tracker;
        thread.setDaemon(true);
    }

    public void start() {
        reading = true;
        thread.start();
    }

    /** Whether commits come from the log; false when it could not be read. */
    public boolean reading() {
        return reading;
    }

    private void run() {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30));
            consumer.assign(partitions.stream().map(info -> new TopicPartition(TOPIC, info.partition())).toList());
            consumer.seekToEnd(consumer.assignment());
            while (reading) {
                List<OffsetCommit> commits = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    records.decode(record.key(), record.value()).ifPresent(commits::add);
                }
                if (!commits.isEmpty()) {
                    track(commits);
                }
            }
        } catch (WakeupException closing) {
            // close() stops the loop
        } catch (AuthorizationException e) {
            LOG.warn("Cannot read {} ({}): lag is judged from committed offsets read every round, so a group "
                    + "committing the same offset again shows as STOP, not STALL. Grant Describe and Read on the "
                    + "topic to the ops client for commit times.", TOPIC, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Stopped reading {}: {}; lag is judged from committed offsets read every round.", TOPIC,
                    e.toString());
        } finally {
            reading = false;
        }
    }

    /** Each commit with its lag: the partition's end offset read right after the commit was. */
    private void track(List<OffsetCommit> commits) {
        Set<TopicPartition> partitions = new HashSet<>();
        commits.forEach(commit -> partitions.add(commit.partition()));
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            ends = Map.of(); // the newest end offsets of the rounds stand in
        }
        for (OffsetCommit commit : commits) {
            tracker.onCommit(commit.group(), commit.partition(), commit.offset(), commit.timestampMs(),
                    ends.get(commit.partition()));
        }
    }

    @Override
    public void close() {
        reading = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
