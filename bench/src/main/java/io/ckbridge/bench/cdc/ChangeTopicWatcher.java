package io.ckbridge.bench.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a change topic from its current end while a benchmark writes, noting when each row id
 * (a bigint key field) first arrives and how many messages repeat an id already seen.
 */
final class ChangeTopicWatcher implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String keyField;
    private final long[] firstArrivalNanos;
    /** When the latest message of each id arrived: on a raw topic, the last replica's copy. */
    private final long[] lastArrivalNanos;
    private final BitSet seen = new BitSet();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts reading every partition of {@code topic} from its end; arrival times are kept for ids
     * below {@code timedIds}.
     */
    ChangeTopicWatcher(String bootstrapServers, String topic, String keyField, int timedIds) {
        this.keyField = keyField;
        this.firstArrivalNanos = new long[timedIds];
        this.lastArrivalNanos = new long[timedIds];
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                // the materializer writes in transactions: count what its consumers would see
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before any write is made
        thread = new Thread(this::read, "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        while (!stopped) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                messages.incrementAndGet();
                long id = id(record.key());
                if (id < 0 || id > Integer.MAX_VALUE) {
                    continue;
                }
                if (id < lastArrivalNanos.length) {
                    lastArrivalNanos[(int) id] = now;
                }
                synchronized (seen) {
                    if (seen.get((int) id)) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    seen.set((int) id);
                }
                if (id < firstArrivalNanos.length) {
                    firstArrivalNanos[(int) id] = now;
                }
                distinct.incrementAndGet();
            }
        }
    }

    private long id(String key) {
        try {
            JsonNode node = JSON.readTree(key);
            return node.path(keyField).asLong(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    long arrivalNanos(int id) {
        return firstArrivalNanos[id];
    }

    long lastArrivalNanos(int id) {
        return lastArrivalNanos[id];
    }

    /** How many ids in [from, to) have not arrived. */
    long missing(long from, long to) {
        synchronized (seen) {
            return (to - from) - seen.get((int) from, (int) to).cardinality();
        }
    }

    long distinct() {
        return distinct.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long messages() {
        return messages.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
