package io.ckbridge.ops.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The produce time of the record at an offset, for lag in seconds: read once with a consumer of
 * no group, then kept (a record's time does not change). Bounded, oldest forgotten first.
 */
final class RecordTimes implements AutoCloseable {
    private static final int KEPT = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Position, Long> times = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Position, Long> eldest) {
            return size() > KEPT;
        }
    };

    private record Position(TopicPartition partition, long offset) {
    }

    RecordTimes(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "bridge-ops-record-times");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The timestamp of the first record at or after {@code offset}, if one is there. */
    synchronized Optional<Long> at(TopicPartition partition, long offset) {
        Position position = new Position(partition, offset);
        Long known = times.get(position);
        if (known != null) {
            return Optional.of(known);
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                times.put(position, record.timestamp());
                return Optional.of(record.timestamp());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
