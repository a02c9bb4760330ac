package io.ckbridge.materializer.snapshot;

import io.ckbridge.rawchange.RawChange.Kind;
import io.ckbridge.rawchange.RawChangeWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a snapshot on a table's raw topic: start markers to every partition (from then on
 * the materializer holds the table's changes), the rows, end markers. A run that fails midway,
 * reading Cassandra or producing, sends end markers that say it was aborted, so the materializer
 * applies the changes it held instead of holding them until its {@code snapshot.hold.timeout.ms}.
 */
public final class SnapshotRun {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRun.class);
    /** How long Kafka may take to acknowledge the markers and each batch of rows. */
    private static final long SEND_TIMEOUT_SECONDS = 60;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int partitions;
    private final String keyspace;
    private final String table;
    private final String snapshotId;
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
    private boolean aborted;

    /** What the run does between its start and end markers; returns the rows sent. */
    @FunctionalInterface
    public interface Rows {
        long send(SnapshotRun run) throws Exception;
    }

    public SnapshotRun(Producer<String, byte[]> producer, String topic, int partitions, String keyspace, String table,
            String snapshotId) {
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.keyspace = keyspace;
        this.table = table;
        this.snapshotId = snapshotId;
    }

    /**
     * Start markers, {@code rows}, end markers. When any of them fails, abort markers go to every
     * partition (best effort: if Kafka is what failed, they may not; see {@link #abortSent}) and the
     * failure is thrown. A partition the start marker never reached ignores the abort marker.
     */
    public long run(Rows rows) throws Exception {
        long sent;
        try {
            markers(RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_START, keyspace, table, snapshotId));
            sent = rows.send(this);
            awaitSent();
            markers(RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_END, keyspace, table, snapshotId));
        } catch (Exception e) {
            abort(e);
            throw e;
        }
        return sent;
    }

    /** Sends one row (a message of {@link SnapshotRows}); every few thousand it waits for Kafka to catch up. */
    public void send(String key, byte[] message) throws Exception {
        inFlight.add(producer.send(new ProducerRecord<>(topic, key, message)));
        if (inFlight.size() >= 5000) {
            awaitSent();
        }
    }

    private void abort(Throwable cause) {
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        inFlight.clear(); // what failed to send is not waited for again
        try {
            markers(RawChangeWriter.snapshotAbort(keyspace, table, snapshotId, reason));
            aborted = true;
            LOG.warn("Snapshot {} of {}.{} failed ({}); abort markers sent to {}: the materializer applies the "
                    + "changes it held", snapshotId, keyspace, table, reason, topic);
        } catch (Exception e) {
            LOG.error("Snapshot {} of {}.{} failed ({}) and its abort markers could not be sent to {} ({}): the "
                    + "materializer holds the table's changes until its snapshot.hold.timeout.ms", snapshotId,
                    keyspace, table, reason, topic, e.toString());
            cause.addSuppressed(e);
        }
    }

    /** Whether a failed run's abort markers reached every partition. */
    public boolean abortSent() {
        return aborted;
    }

    private void markers(byte[] marker) throws Exception {
        for (int partition = 0; partition < partitions; partition++) {
            inFlight.add(producer.send(new ProducerRecord<>(topic, partition, null, marker)));
        }
        awaitSent();
    }

    private void awaitSent() throws Exception {
        try {
            for (Future<RecordMetadata> future : inFlight) {
                try {
                    future.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Kafka did not take the snapshot's messages for " + topic + ": "
                            + e.getCause().getMessage(), e.getCause());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not acknowledge the snapshot's messages for " + topic
                            + " within " + SEND_TIMEOUT_SECONDS + " s", e);
                }
            }
        } finally {
            inFlight.clear();
        }
    }
}
