package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.ckbridge.sink.mapping.RowWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * At-least-once writing: rows of one Cassandra partition go together in an unlogged batch (one
 * request, atomic for that partition), in record order; partitions are written concurrently,
 * and single rows of partitions that live on the same replicas share a request, which saves
 * most of the per-request cost on both sides. The task commits a record's offset only after its
 * rows are written.
 */
public final class AtLeastOnceWriter extends RowWriter {
    private final Lanes<RowWrite.PartitionKey> lanes = new Lanes<>();
    private final ReplicaGroups replicas;

    /** A row with the write time it keeps through retries: one per row, increasing in record order. */
    private record Item(RecordWrite record, RowWrite row, long timestamp) {
    }

    public AtLeastOnceWriter(CqlSession session, StatementCache statements, BatchLimits limits, Backoff backoff,
                             int maxInFlight, WriteOutcome outcome) {
        super(session, statements, limits, backoff, maxInFlight, outcome);
        this.replicas = new ReplicaGroups(session);
    }

    @Override
    protected List<Request> requests(List<RecordWrite> records) {
        Map<RowWrite.PartitionKey, List<Item>> byPartition = new LinkedHashMap<>();
        for (RecordWrite record : records) {
            for (RowWrite row : record.rows()) {
                statements.of(row.mapping()); // prepare here: completions run on driver threads, which must not block
                byPartition.computeIfAbsent(row.partition(), key -> new ArrayList<>())
                        .add(new Item(record, row, timestamps.next()));
            }
        }
        // Rows alone in their partition, with nothing in flight there, share requests with other
        // partitions on the same replicas; the others are written in order through their lane.
        List<Request> requests = new ArrayList<>();
        Map<Object, List<Item>> byReplicas = new LinkedHashMap<>();
        byPartition.forEach((partition, items) -> {
            if (items.size() == 1 && lanes.isIdle(partition)) {
                Item item = items.get(0);
                Object group = List.of(item.row().mapping().isCounterTable(), replicas.replicasOf(item.row()));
                byReplicas.computeIfAbsent(group, g -> new ArrayList<>()).add(item);
            } else {
                for (List<Item> chunk : chunks(items)) {
                    requests.add(request(chunk, () -> lanes.submit(partition, () -> write(chunk)
                            .whenComplete((v, e) -> requestDone()))));
                }
            }
        });
        for (List<Item> items : byReplicas.values()) {
            for (List<Item> chunk : chunks(items)) {
                List<RowWrite.PartitionKey> keys = chunk.stream().map(item -> item.row().partition()).toList();
                requests.add(request(chunk, () -> lanes.submitAll(keys, () -> write(chunk)
                        .whenComplete((v, e) -> requestDone()))));
            }
        }
        return requests;
    }

    private static Request request(List<Item> chunk, Runnable submit) {
        return new Request(chunk.stream().map(Item::record).distinct().toList(), submit);
    }

    /** Splits items into batches within the record and byte limits. */
    private List<List<Item>> chunks(List<Item> items) {
        List<List<Item>> chunks = new ArrayList<>();
        List<Item> chunk = new ArrayList<>();
        int bytes = 0;
        for (Item item : items) {
            if (!chunk.isEmpty() && (chunk.size() >= limits.maxRecords() || bytes + item.row()
                    .sizeBytes() > limits.maxBytes())) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(item);
            bytes += item.row().sizeBytes();
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private CompletableFuture<Void> write(List<Item> chunk) {
        return executeWithRetry(() -> statement(chunk), null).thenCompose(error -> {
            if (error == null) {
                chunk.forEach(item -> rowDone(item.record()));
                return CompletableFuture.completedFuture(null);
            }
            if (error instanceof RetriesExhausted || WriteFailure.of(error) == WriteFailure.FATAL) {
                outcome.fatal("cannot write to " + chunk.get(0).row().mapping().qualifiedName(), error);
                chunk.forEach(item -> abandon(item.record()));
                return CompletableFuture.completedFuture(null);
            }
            if (chunk.size() == 1) {
                rowRefused(chunk.get(0).record(), chunk.get(0).row(), error);
                return CompletableFuture.completedFuture(null);
            }
            // Cassandra refused the batch: write its rows one by one to set aside only the bad one.
            CompletableFuture<Void> one = CompletableFuture.completedFuture(null);
            for (Item item : chunk) {
                one = one.thenCompose(ignored -> write(List.of(item)));
            }
            return one;
        });
    }

    private Statement<?> statement(List<Item> chunk) {
        TableStatements first = statements.of(chunk.get(0).row().mapping());
        if (chunk.size() == 1) {
            return first.bind(chunk.get(0).row(), chunk.get(0).timestamp());
        }
        BatchStatementBuilder batch = BatchStatement.builder(first.mapping().isCounterTable()
                ? BatchType.COUNTER : BatchType.UNLOGGED);
        boolean idempotent = true;
        TableStatements table = first;
        for (Item item : chunk) {
            if (table.mapping() != item.row().mapping()) {
                table = statements.of(item.row().mapping());
            }
            batch.addStatement(table.bind(item.row(), item.timestamp()));
            idempotent &= table.mapping().isIdempotent();
        }
        return batch.setConsistencyLevel(first.consistency()).setIdempotence(idempotent).build();
    }
}
