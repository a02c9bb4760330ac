package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.offsets.OffsetStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Exactly-once writing. The records of one Kafka partition are written in order, in logged
 * batches that also store the partition's next offset: Cassandra applies a logged batch entirely
 * or not at all, so after a crash the task resumes exactly after the last batch applied.
 *
 * <p>Counter updates cannot join a logged batch: they are written first, in a counter batch,
 * and a crash between that batch and the offset write re-applies them (at-least-once for
 * counters). A batch whose outcome is unknown (a timeout, its coordinator gone) is retried only
 * after the offset table shows it was not applied, and asked only once Cassandra's batchlog has
 * had time to settle it: a logged batch whose coordinator failed is replayed by a batchlog
 * replica (after twice the write timeout, on a 10 s cycle), so an offset read at once may not show
 * it yet, and sending it again would apply an append or counter twice.
 */
public final class ExactlyOnceWriter extends RowWriter {
    private final OffsetStore offsets;
    private final ConsistencyLevel consistency;
    private final Lanes<TopicPartition> lanes = new Lanes<>();
    private final Duration batchlogSettle;

    public ExactlyOnceWriter(CqlSession session, StatementCache statements, BatchLimits limits, Backoff backoff,
                             int maxInFlight, WriteOutcome outcome, OffsetStore offsets, ConsistencyLevel consistency,
                             Duration batchlogSettle) {
        super(session, statements, limits, backoff, maxInFlight, outcome);
        this.batchlogSettle = batchlogSettle;
        this.offsets = offsets;
        this.consistency = consistency;
    }

    /**
     * Consecutive records of one partition, each row with the write time it keeps through
     * retries; {@code countersWritten} once their counter updates are applied.
     */
    private record Chunk(TopicPartition partition, List<RecordWrite> records, Map<RowWrite, Long> timestamps,
                         long offsetTimestamp, boolean countersWritten) {
        long nextOffset() {
            return records.get(records.size() - 1).offset() + 1;
        }

        Chunk single(RecordWrite record, long newOffsetTimestamp, boolean counters) {
            return new Chunk(partition, List.of(record), timestamps, newOffsetTimestamp, counters);
        }
    }

    @Override
    protected List<Request> requests(List<RecordWrite> records) {
        Map<TopicPartition, List<RecordWrite>> byPartition = new LinkedHashMap<>();
        for (RecordWrite record : records) {
            // prepare here: completions run on driver threads, which must not block
            record.rows().forEach(row -> statements.of(row.mapping()));
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
        }
        List<Request> requests = new ArrayList<>();
        byPartition.forEach((partition, list) -> {
            List<RecordWrite> chunk = new ArrayList<>();
            int bytes = 0;
            for (RecordWrite record : list) {
                if (!chunk.isEmpty() && (chunk.size() >= limits.maxRecords() || bytes
                        + record.sizeBytes() > limits.maxBytes())) {
                    requests.add(request(partition, chunk));
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(record);
                bytes += record.sizeBytes();
            }
            requests.add(request(partition, chunk));
        });
        return requests;
    }

    private Request request(TopicPartition partition, List<RecordWrite> records) {
        return new Request(records, () -> {
            Map<RowWrite, Long> times = new IdentityHashMap<>();
            for (RecordWrite record : records) {
                for (RowWrite row : record.rows()) {
                    times.put(row, timestamps.next());
                }
            }
            Chunk chunk = new Chunk(partition, records, times, timestamps.next(), false);
            lanes.submit(partition, () -> write(chunk).whenComplete((v, e) -> requestDone()));
        });
    }

    private CompletableFuture<Void> write(Chunk chunk) {
        CompletableFuture<Throwable> counters = chunk.countersWritten()
                ? CompletableFuture.completedFuture(null) : writeCounters(chunk);
        return counters.thenCompose(counterError -> {
            if (counterError != null) {
                return handleFailure(chunk, counterError, false);
            }
            return executeWithRetry(() -> loggedBatch(chunk), () -> afterBatchlogSettles(() ->
                    offsets.reached(chunk.partition(), chunk.nextOffset())))
                    .thenCompose(error -> {
                        if (error == null) {
                            chunk.records().forEach(record -> record.rows().forEach(row -> rowDone(record)));
                            return CompletableFuture.completedFuture(null);
                        }
                        return handleFailure(chunk, error, true);
                    });
        });
    }

    /** Runs the applied-check once a batch of unknown outcome can no longer be replayed by the batchlog. */
    private CompletionStage<Boolean> afterBatchlogSettles(Supplier<CompletionStage<Boolean>> check) {
        Executor later = CompletableFuture.delayedExecutor(batchlogSettle.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> { }, later).thenCompose(ignored -> check.get());
    }

    private CompletableFuture<Void> handleFailure(Chunk chunk, Throwable error, boolean countersWritten) {
        if (error instanceof RetriesExhausted || WriteFailure.of(error) == WriteFailure.FATAL) {
            outcome.fatal("cannot write the batch of " + chunk.partition() + " up to offset "
                    + (chunk.nextOffset() - 1), error);
            chunk.records().forEach(record -> record.rows().forEach(row -> abandon(record)));
            return CompletableFuture.completedFuture(null);
        }
        if (chunk.records().size() > 1) {
            // Cassandra refused the batch: write each record in a batch of its own to set aside only the bad one.
            CompletableFuture<Void> one = CompletableFuture.completedFuture(null);
            for (RecordWrite record : chunk.records()) {
                Chunk single = chunk.single(record, timestamps.next(), countersWritten);
                one = one.thenCompose(ignored -> write(single));
            }
            return one;
        }
        RecordWrite record = chunk.records().get(0);
        boolean setAside = record.markFailed() && outcome.refused(record, record.rows().get(0), error);
        if (!setAside) {
            record.rows().forEach(row -> rowDone(record));
            return CompletableFuture.completedFuture(null);
        }
        // Move the stored offset past the record set aside, so a restart does not try it again.
        return executeWithRetry(() -> offsets.write(chunk.partition(), chunk.nextOffset(), chunk.offsetTimestamp())
                        .setConsistencyLevel(consistency), null)
                .thenAccept(offsetError -> storedPast(record, chunk, offsetError));
    }

    private void storedPast(RecordWrite record, Chunk chunk, Throwable offsetError) {
        if (offsetError != null) {
            outcome.fatal("cannot store the offset of " + chunk.partition(), offsetError);
        }
        record.rows().forEach(row -> rowDone(record));
    }

    /** The chunk's counter updates in one counter batch; completes with null when written. */
    private CompletableFuture<Throwable> writeCounters(Chunk chunk) {
        List<BatchableStatement<?>> counters = new ArrayList<>();
        for (RecordWrite record : chunk.records()) {
            for (RowWrite row : record.rows()) {
                if (row.mapping().isCounterTable()) {
                    counters.add(statements.of(row.mapping()).bind(row, 0));
                }
            }
        }
        if (counters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return executeWithRetry(() -> BatchStatement.builder(BatchType.COUNTER).addStatements(counters)
                .setConsistencyLevel(consistency).build(), null);
    }

    private BatchStatement loggedBatch(Chunk chunk) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED);
        for (RecordWrite record : chunk.records()) {
            for (RowWrite row : record.rows()) {
                if (!row.mapping().isCounterTable()) {
                    batch.addStatement(statements.of(row.mapping()).bind(row, chunk.timestamps().get(row)));
                }
            }
        }
        batch.addStatement(offsets.write(chunk.partition(), chunk.nextOffset(), chunk.offsetTimestamp()));
        return batch.setConsistencyLevel(consistency).setIdempotence(false).build();
    }
}
