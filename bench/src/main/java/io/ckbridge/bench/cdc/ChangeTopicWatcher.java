package io.ckbridge.bench.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.bench.RowIds;
import io.ckbridge.sandbox.SandboxAccess;
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
    private volatile ArrivalTimes timed = new ArrivalTimes(new RowIds.Range(0, 0));
    private final BitSet seen = new BitSet();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts reading every partition of {@code topic} from its end; arrival times are kept once
     * {@link #timeArrivals} names the ids.
     */
    ChangeTopicWatcher(SandboxAccess kafka, String topic, String keyField) {
        this.keyField = keyField;
        consumer = new KafkaConsumer<>(kafka.kafkaClient(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                // the materializer writes in transactions: count what its consumers would see
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
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
                ArrivalTimes times = timed;
                boolean isTimed = times.ids().contains(id);
                if (isTimed) {
                    times.last()[times.index(id)] = now;
                }
                synchronized (seen) {
                    if (seen.get((int) id)) {
                        duplicates.incrementAndGet();
                        continue;
                    }
                    seen.set((int) id);
                    if (isTimed) {
                        times.first()[times.index(id)] = now;
                    }
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

    /** From now on keeps when each id of {@code ids} arrives (instead of the ids named before). */
    void timeArrivals(RowIds.Range ids) {
        timed = new ArrivalTimes(ids);
    }

    /** When {@code id} (one of those timed) first arrived, in {@link System#nanoTime()}; 0 if it did not. */
    long arrivalNanos(long id) {
        ArrivalTimes times = timed;
        return times.ids().contains(id) ? times.first()[times.index(id)] : 0;
    }

    /** When the latest message of {@code id} (one of those timed) arrived: on a raw topic, the last replica's copy. */
    long lastArrivalNanos(long id) {
        ArrivalTimes times = timed;
        return times.ids().contains(id) ? times.last()[times.index(id)] : 0;
    }

    /** How many ids of {@code ids} have not arrived. */
    long missing(RowIds.Range ids) {
        synchronized (seen) {
            return ids.count() - seen.get((int) ids.first(), (int) ids.end()).cardinality();
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

    /** When each id of a range first and last arrived, by its place in the range. */
    private record ArrivalTimes(RowIds.Range ids, long[] first, long[] last) {
        ArrivalTimes(RowIds.Range ids) {
            this(ids, new long[Math.toIntExact(ids.count())], new long[Math.toIntExact(ids.count())]);
        }

        int index(long id) {
            return (int) (id - ids.first());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
