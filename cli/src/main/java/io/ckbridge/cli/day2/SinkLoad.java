package io.ckbridge.cli.day2;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.sandbox.SandboxAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer → sink → Cassandra path. Record {@code seq} appends {@code seq} to the list of row
 * {@code seq % 16} (the sink in APPEND mode with exactly-once offsets): a record applied twice
 * shows as a repeated element, a lost one as a missing element. The table is read every half
 * second for first arrivals.
 */
final class SinkLoad implements AutoCloseable {
    static final String TOPIC = "day2_sink";
    static final String TABLE = "sink_appends";
    static final int BUCKETS = 16;
    static final int PARTITIONS = 4;
    private static final long CHECK_EVERY_MS = 500;

    private final KafkaProducer<String, String> producer;
    private final CqlSession session;
    private final int rate;
    private final SendTimes sent = new SendTimes();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final BitSet acked = new BitSet();
    private final BitSet arrived = new BitSet();
    private final Delays delays = new Delays();
    private volatile long rowsOutOfOrder = -1;
    private volatile boolean labelled;
    private volatile boolean withOrigin = true;
    private volatile boolean producing = true;
    private volatile boolean checking = true;
    private final Thread producerThread;
    private final Thread checkThread;

    SinkLoad(SandboxAccess access, CqlSession session, int rate) {
        this.session = session;
        this.rate = rate;
        producer = new KafkaProducer<>(access.kafkaClient(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a broker restarting: the producer waits for it (a record that still fails is not counted written)
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000)),
                new StringSerializer(), new StringSerializer());
        producerThread = new Thread(this::produce, "day2-sink-producer");
        checkThread = new Thread(this::check, "day2-sink-check");
    }

    void start() {
        producerThread.start();
        checkThread.start();
    }

    /** From now on records carry a {@code label} field (the schema-change scenario). */
    void label() {
        labelled = true;
    }

    /** From now on records carry no {@code origin} field. */
    void dropOrigin() {
        withOrigin = false;
    }

    private void produce() {
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (long seq = 0; producing; seq++) {
            long due = start + seq * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            int bucket = (int) (seq % BUCKETS);
            String value = "{\"bucket\":" + bucket + ",\"seqs\":[" + seq + "]"
                    + (withOrigin ? ",\"origin\":\"producer\"" : "") + (labelled ? ",\"label\":\"l" + seq + "\"" : "")
                    + "}";
            long id = seq;
            sent.sent(id, System.nanoTime());
            produced.incrementAndGet();
            // a bucket's records share a partition: their order is Kafka's, and so the list's
            producer.send(new ProducerRecord<>(TOPIC, bucket % PARTITIONS, Integer.toString(bucket), value),
                    (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                            synchronized (acked) {
                                acked.set((int) id);
                            }
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, error.toString());
                        }
                    });
        }
        producer.flush();
    }

    private void check() {
        while (checking) {
            try {
                readArrivals();
            } catch (RuntimeException e) {
                // a node or the coordinator restarting: the next look sees what this one missed
            }
            sleepNanos(CHECK_EVERY_MS * 1_000_000);
        }
    }

    private void readArrivals() {
        long now = System.nanoTime();
        for (Row row : session.execute(quorum("SELECT seqs FROM day2." + TABLE))) {
            List<Long> seqs = row.getList(0, Long.class);
            synchronized (arrived) {
                for (long seq : seqs) {
                    if (!arrived.get((int) seq)) {
                        arrived.set((int) seq);
                        long at = sent.at(seq);
                        if (at > 0) {
                            delays.add((now - at) / 1_000_000);
                        }
                    }
                }
            }
        }
    }

    /** Stops producing; waits until every record sent is acknowledged or failed. */
    void stopProducing() throws InterruptedException {
        producing = false;
        producerThread.join();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long arrivedCount() {
        synchronized (arrived) {
            return arrived.cardinality();
        }
    }

    /** The final count, read at QUORUM: every element of every list. */
    PathReport report(List<String> extraNotes) {
        checking = false;
        Map<Long, Integer> occurrences = new HashMap<>();
        long labelledRows = 0;
        boolean withLabel = labelled;
        long outOfOrder = 0;
        for (Row row : session.execute(quorum("SELECT seqs" + (withLabel ? ", label" : "") + " FROM day2." + TABLE))) {
            long previous = -1;
            boolean ordered = true;
            for (long seq : row.getList(0, Long.class)) {
                occurrences.merge(seq, 1, Integer::sum);
                ordered &= seq > previous;
                previous = seq;
            }
            if (!ordered) {
                outOfOrder++;
            }
            if (withLabel && !row.isNull(1)) {
                labelledRows++;
            }
        }
        long lost = 0;
        synchronized (acked) {
            for (int seq = acked.nextSetBit(0); seq >= 0; seq = acked.nextSetBit(seq + 1)) {
                if (!occurrences.containsKey((long) seq)) {
                    lost++;
                }
            }
        }
        rowsOutOfOrder = outOfOrder;
        long duplicated = occurrences.values().stream().mapToLong(n -> n - 1).sum();
        List<String> notes = new ArrayList<>(extraNotes);
        if (failed.get() > 0) {
            notes.add(failed.get() + " of " + produced.get() + " records not acknowledged by Kafka (not counted "
                    + "written): " + firstFailure.get());
        }
        if (labelled) {
            notes.add(labelledRows + " of " + BUCKETS + " rows carry the added column label");
        }
        notes.add("arrivals seen by reading the table every " + CHECK_EVERY_MS + " ms (delays include up to that)");
        return new PathReport("sink", "producer → " + TOPIC + " → sink connector → day2." + TABLE,
                acknowledged.get(), occurrences.size(), lost, duplicated, delays.longest(), delays.percentile(0.99),
                notes);
    }

    /** After {@link #report}: whether each row's list holds its records in the order they were produced. */
    Check orderCheck() {
        return new Check("sink: each row's appends in the order produced (" + rowsOutOfOrder + " of " + BUCKETS
                + " rows out of order)", rowsOutOfOrder == 0);
    }

    private static SimpleStatement quorum(String cql) {
        return SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.QUORUM);
    }

    static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        producing = false;
        checking = false;
        join(producerThread);
        join(checkThread);
        producer.close(Duration.ofSeconds(5));
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
