package io.ckbridge.cli.day2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.sandbox.SandboxAccess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic that carries the rows of {@code day2.events} (the materializer's change topic or
 * the source connector's), from the rehearsal's start (by timestamp: earlier runs' records are
 * skipped), as a read_committed consumer. Notes each id's first arrival, the copies of a row
 * version already seen (same id and {@code written}), and the columns each record carries.
 */
final class TopicArrivals implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns a run of records carried, and when the first and last of them arrived. */
    record Shape(Set<String> columns, long count, long firstMs, long lastMs) {
    }

    private final String name;
    private final String topic;
    private final long fromEpochMs;
    private final SendTimes sent;
    private final Function<JsonNode, JsonNode> row;
    private final KafkaConsumer<String, String> consumer;
    private final BitSet arrived = new BitSet();
    private final Set<String> versions = new HashSet<>();
    private final Map<String, Long> ops = new LinkedHashMap<>();
    private final Map<Set<String>, Shape> shapes = new LinkedHashMap<>();
    private final Delays delays = new Delays();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final long startNanos;
    private final Thread thread;
    private volatile boolean reading = true;

    /**
     * @param row the row of a record's value (the change event's {@code after}; the source's value
     *            itself), or null for a record that carries none (a delete)
     */
    TopicArrivals(String name, SandboxAccess access, String topic, long fromEpochMs, long startNanos, SendTimes sent,
            Function<JsonNode, JsonNode> row) {
        this.name = name;
        this.topic = topic;
        this.fromEpochMs = fromEpochMs;
        this.startNanos = startNanos;
        this.sent = sent;
        this.row = row;
        consumer = new KafkaConsumer<>(access.kafkaClient(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)),
                new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::read, "day2-watch-" + topic);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void read() {
        boolean assigned = false;
        while (reading) {
            try {
                if (!assigned) {
                    assigned = assign();
                    if (!assigned) {
                        SinkLoad.sleepNanos(500_000_000);
                        continue;
                    }
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    take(record, System.nanoTime());
                }
            } catch (RuntimeException e) {
                // Kafka restarting: the consumer reconnects on the next poll
                SinkLoad.sleepNanos(500_000_000);
            }
        }
    }

    /** Assigns every partition once the topic exists, each from the first record of this run. */
    private boolean assign() {
        List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(partition -> times.put(partition, fromEpochMs));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(10));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                // nothing of this run yet: from the start, as the end could pass records appended meanwhile
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        return true;
    }

    private void take(ConsumerRecord<String, String> record, long now) {
        if (record.timestamp() < fromEpochMs || record.value() == null) {
            return;
        }
        JsonNode value;
        try {
            value = JSON.readTree(record.value());
        } catch (IOException e) {
            return;
        }
        records.incrementAndGet();
        String op = value.path("op").asText("");
        if (!op.isEmpty()) {
            synchronized (ops) {
                ops.merge(op, 1L, Long::sum);
            }
        }
        JsonNode fields = row.apply(value.has("payload") ? value.get("payload") : value);
        if (fields == null || !fields.has("id")) {
            return;
        }
        long id = fields.path("id").asLong(-1);
        if (id < 0 || id > Integer.MAX_VALUE) {
            return;
        }
        shape(fields, (now - startNanos) / 1_000_000);
        synchronized (arrived) {
            if (!versions.add(id + "@" + fields.path("written").asText())) {
                duplicates.incrementAndGet();
            }
            if (!arrived.get((int) id)) {
                arrived.set((int) id);
                long at = sent.at(id);
                if (at > 0) {
                    delays.add((now - at) / 1_000_000);
                }
            }
        }
    }

    private void shape(JsonNode fields, long atMs) {
        Set<String> columns = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                columns.add(field.getKey());
            }
        }
        synchronized (shapes) {
            shapes.merge(columns, new Shape(columns, 1, atMs, atMs),
                    (was, one) -> new Shape(columns, was.count() + 1, was.firstMs(), atMs));
        }
    }

    /** Whether some record carried exactly these columns (not null). */
    boolean sawColumns(List<String> columns) {
        synchronized (shapes) {
            return shapes.containsKey(new TreeSet<>(columns));
        }
    }

    /** Records taken so far (of this run). */
    long records() {
        return records.get();
    }

    long arrivedCount() {
        synchronized (arrived) {
            return arrived.cardinality();
        }
    }

    /** The path's figures against the rows written ({@code acked}). */
    PathReport report(String route, BitSet acked, List<String> extraNotes) {
        List<String> notes = new ArrayList<>(extraNotes);
        long lost;
        long delivered;
        synchronized (arrived) {
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(arrived);
            lost = missing.cardinality();
            delivered = arrived.cardinality();
            if (lost > 0) {
                notes.add("missing ids (first ones): " + missing.stream().limit(10).boxed().toList());
            }
        }
        synchronized (ops) {
            if (!ops.isEmpty()) {
                notes.add(records.get() + " events by op: " + ops);
            }
        }
        synchronized (shapes) {
            for (Shape shape : shapes.values()) {
                notes.add(String.format("%,d records with columns %s, arrived %s to %s", shape.count(),
                        shape.columns(), Timeline.clock(shape.firstMs()), Timeline.clock(shape.lastMs())));
            }
        }
        return new PathReport(name, route, acked.cardinality(), delivered, lost, duplicates.get(), delays.longest(),
                delays.percentile(0.99), notes);
    }

    @Override
    public void close() {
        reading = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
