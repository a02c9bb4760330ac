package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.MaterializerConfig;
import io.ckbridge.materializer.MaterializerMetrics;
import io.ckbridge.materializer.event.ChangeEvent;
import io.ckbridge.materializer.event.EventEncoder;
import io.ckbridge.materializer.schema.TableCatalog;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.state.ChangeApplier;
import io.ckbridge.rawchange.RawChange;
import io.ckbridge.rawchange.RawChangeFormat;
import io.ckbridge.rawchange.RawChangeHeader;
import io.ckbridge.rawchange.RawChangeReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes the raw changes of one task (one partition number of every raw topic): drops
 * replica copies, applies changes to the row states in write-time order and writes the change
 * events; holds a table's changes while a snapshot of it runs, while the table is not in
 * Cassandra's schema (yet), and while the schema registry refuses the table's schema (other tables
 * flow meanwhile); turns TTL expiry into events.
 */
final class ChangeProcessor implements Processor<String, byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeProcessor.class);
    static final String TABLE_HEADER = "ckbridge.table";
    /** Time one punctuation spends applying buffered changes, and the changes taken at a time. */
    private static final long APPLY_BUDGET_NANOS = Duration.ofMillis(100).toNanos();
    private static final int APPLY_BATCH = 100;

    private final MaterializerConfig config;
    private final TableCatalog catalog;
    private final EventEncoder encoder;
    private final OutputTopics topics;
    private final MaterializerMetrics metrics;
    /** Settings read per message, kept here: a config lookup each time showed in profiles. */
    private final long reorderWindowMs;
    private final int reorderMaxBuffered;
    private final boolean releaseComplete;
    private final long unknownTableRetryMaxMs;
    private final long snapshotHoldTimeoutMs;

    private ProcessorContext<byte[], byte[]> context;
    private String taskId;
    private PendingChanges pending;
    private ExpiryTimers timers;
    private ChangeApplier applier;
    private TableIncarnations incarnations;
    private TableHolds unknownTables;
    private TableHolds refusedSchemas;

    ChangeProcessor(MaterializerConfig config, TableCatalog catalog, EventEncoder encoder, OutputTopics topics,
            MaterializerMetrics metrics) {
        this.config = config;
        this.catalog = catalog;
        this.encoder = encoder;
        this.topics = topics;
        this.metrics = metrics;
        this.reorderWindowMs = config.reorderWindowMs();
        this.reorderMaxBuffered = config.reorderMaxBuffered();
        this.releaseComplete = config.reorderReleaseComplete();
        this.unknownTableRetryMaxMs = config.unknownTableRetryMaxMs();
        this.snapshotHoldTimeoutMs = config.snapshotHoldTimeoutMs();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        KeyValueStore<String, byte[]> rows = context.getStateStore(StoreNames.ROWS);
        KeyValueStore<String, byte[]> pendingStore = context.getStateStore(StoreNames.PENDING);
        WindowStore<String, String> seen = context.getStateStore(StoreNames.SEEN);
        KeyValueStore<String, byte[]> timerStore = context.getStateStore(StoreNames.TIMERS);
        pending = new PendingChanges(pendingStore, seen, config.dedupWindowMs(), context.currentSystemTimeMs());
        metrics.heldForSnapshot(taskId, pending.heldForSnapshots());
        timers = new ExpiryTimers(timerStore);
        KvRowStore rowStore = new KvRowStore(rows);
        applier = new ChangeApplier(rowStore, timers, config.tombstoneRetentionMs());
        incarnations = new TableIncarnations(rowStore);
        unknownTables = new TableHolds(pendingStore, TableHolds.UNKNOWN_TABLE, config.unknownTableRetryBackoffMs(),
                config.unknownTableRetryBackoffMaxMs(), context.currentSystemTimeMs());
        refusedSchemas = new TableHolds(pendingStore, TableHolds.REFUSED_SCHEMA, config.unknownTableRetryBackoffMs(),
                config.unknownTableRetryBackoffMaxMs(), context.currentSystemTimeMs());
        metrics.heldForSchema(taskId, refusedSchemas.held());
        metrics.heldForUnknownTable(taskId, unknownTables.held());
        if (reorderWindowMs > 0) {
            long every = Math.max(10, reorderWindowMs / 4);
            context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::applyWaited);
        }
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::fireTimers);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::releaseIdleSnapshots);
        // often, so that a table's held changes come out in quick rounds once it is known; cheap when none wait
        long unknownTableTick = Math.max(10, Math.min(100, config.unknownTableRetryBackoffMs()));
        context.schedule(Duration.ofMillis(unknownTableTick), PunctuationType.WALL_CLOCK_TIME,
                this::retryUnknownTables);
        context.schedule(Duration.ofMillis(unknownTableTick), PunctuationType.WALL_CLOCK_TIME,
                this::retryRefusedSchemas);
    }

    @Override
    public void close() {
        // the task may move to another instance: its gauges leave with it
        metrics.buffered(taskId, 0);
        metrics.heldForUnknownTable(taskId, 0);
        metrics.heldForSchema(taskId, 0);
        metrics.heldForSnapshot(taskId, 0);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.rawChange();
        RecordMetadata where = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            return; // nothing to materialize (a compacted-away message)
        }
        RawMessage message = new RawMessage(where.topic(), where.partition(), where.offset(), record.timestamp(),
                record.key(), record.value());
        // Copies are dropped on their digest alone, before the whole message is parsed.
        boolean admittedAsNew = false;
        RawChangeHeader head = RawChangeHeader.read(record.value());
        if (head != null && head.isChange() && head.digest() != null
                && pending.snapshot(head.qualifiedTable(), where.partition()) == null) {
            switch (pending.admit(head.digest(), record.timestamp(), head.sourcePosition())) {
                case COPY -> {
                    applyIfHeadComplete();
                    return;
                }
                case APPLIED_BEFORE -> {
                    metrics.copyDropped();
                    return;
                }
                case NEW -> admittedAsNew = true;
            }
        }
        JsonNode tree;
        RawChange change;
        try {
            tree = RawChangeFormat.JSON.readTree(record.value());
            change = RawChangeReader.read(record.key(), tree);
        } catch (IOException | RuntimeException e) {
            deadLetter(message, DeadLetterReason.UNREADABLE, "raw change at " + message.where() + " cannot be read: "
                    + e.getMessage());
            return;
        }
        switch (change.kind()) {
            case SNAPSHOT_START -> {
                pending.startSnapshot(change.qualifiedTable(), where.partition(), change.snapshotId(),
                        context.currentSystemTimeMs());
                LOG.info("Snapshot {} of {} started on partition {}: its changes wait for the snapshot's end",
                        change.snapshotId(), change.qualifiedTable(), where.partition());
            }
            case SNAPSHOT_END -> endSnapshot(change, where.partition());
            case SNAPSHOT_ROW -> {
                metrics.snapshotRow();
                pending.snapshotActive(change.qualifiedTable(), where.partition(), change.snapshotId(),
                        context.currentSystemTimeMs());
                apply(change, List.of("snapshot:" + change.snapshotId()), message);
            }
            case CHANGE -> {
                if (admittedAsNew) {
                    buffer(change, (ObjectNode) tree, message);
                } else if (pending.snapshot(change.qualifiedTable(), where.partition()) != null) {
                    pending.hold(change.qualifiedTable(), message);
                    metrics.held();
                    metrics.heldForSnapshot(taskId, pending.heldForSnapshots());
                } else {
                    admit(change, (ObjectNode) tree, message);
                }
            }
        }
    }

    private void admit(RawChange change, ObjectNode tree, RawMessage message) {
        if (change.digest() != null) {
            switch (pending.admit(change.digest(), message.timestamp(), change.sourcePosition())) {
                case COPY -> {
                    applyIfHeadComplete();
                    return;
                }
                case APPLIED_BEFORE -> {
                    metrics.copyDropped();
                    return;
                }
                case NEW -> {
                }
            }
        }
        buffer(change, tree, message);
    }

    /** A new change (its digest admitted): into the reorder window, or applied at once without one. */
    private void buffer(RawChange change, ObjectNode tree, RawMessage message) {
        String position = change.sourcePosition();
        if (reorderWindowMs == 0) {
            apply(change, List.of(position), message);
            pending.applied(change.digest(), message.timestamp());
        } else {
            int replicas = releaseComplete ? catalog.replicas(change.keyspace()) : 0;
            pending.buffer(change.digest(), change.writeTimeMicros(), message, tree, position,
                    System.currentTimeMillis(), replicas);
            metrics.buffered(taskId, pending.buffered());
            applyIfHeadComplete();
        }
    }

    /**
     * Applies at once what need not wait: the oldest buffered change has its copies from every
     * replica (with one replica, as soon as it arrives) — the window would only add latency.
     */
    private void applyIfHeadComplete() {
        if (pending.headComplete()) {
            applyWaited(System.currentTimeMillis());
        }
    }

    private void endSnapshot(RawChange change, int partition) {
        String running = pending.snapshot(change.qualifiedTable(), partition);
        if (running == null || !running.equals(change.snapshotId())) {
            LOG.info("End of snapshot {} of {} on partition {} ignored: {}", change.snapshotId(),
                    change.qualifiedTable(), partition,
                    running == null ? "no snapshot runs" : "snapshot " + running + " started since");
            return;
        }
        if (change.abortReason() != null) {
            LOG.warn("Snapshot {} of {} was aborted ({}): partition {} has the rows it read; the changes held "
                    + "meanwhile follow. Run the snapshot again for the rest", change.snapshotId(),
                    change.qualifiedTable(), change.abortReason(), partition);
        }
        int released = releaseSnapshot(change.qualifiedTable(), partition);
        LOG.info("Snapshot {} of {} ended on partition {}; applying the {} changes held meanwhile", change.snapshotId(),
                change.qualifiedTable(), partition, released);
    }

    /** Ends a snapshot on a partition and admits the changes held for it, in arrival order. */
    private int releaseSnapshot(String table, int partition) {
        List<PendingChanges.Entry> held = pending.endSnapshot(table, partition);
        metrics.heldForSnapshot(taskId, pending.heldForSnapshots());
        for (PendingChanges.Entry entry : held) {
            RawChange heldChange = RawChangeReader.read(entry.keyText(), entry.raw());
            admit(heldChange, entry.raw(), entry.message());
        }
        return held.size();
    }

    /**
     * Ends the snapshots that sent nothing to their partition for {@code snapshot.hold.timeout.ms}
     * (their command failed without an abort marker, or was killed): their table's changes must
     * not wait forever.
     */
    private void releaseIdleSnapshots(long now) {
        for (PendingChanges.IdleSnapshot idle : pending.idleSnapshots(now, snapshotHoldTimeoutMs)) {
            LOG.warn("Snapshot {} of {} sent nothing to partition {} for {} ms and no end marker (did its command "
                    + "fail or get stopped?): applying the {} changes held for it ({} is {} ms)", idle.snapshotId(),
                    idle.table(), idle.partition(), idle.idleMs(), idle.held(),
                    MaterializerConfig.SNAPSHOT_HOLD_TIMEOUT_MS, snapshotHoldTimeoutMs);
            metrics.snapshotHoldTimedOut();
            releaseSnapshot(idle.table(), idle.partition());
        }
    }

    /**
     * Applies the buffered changes whose window has passed, in write-time order, for at most
     * {@link #APPLY_BUDGET_NANOS}: a commit cannot happen during a punctuation, and a backlog
     * applied in one go (thousands of changes on a starved CPU) once kept a transaction open past
     * its timeout, which fenced the instance and made it restore its state. The rest waits for
     * the next punctuation, a few milliseconds later, with a commit in between when one is due;
     * only changes beyond {@code reorder.max.buffered} are applied past the budget.
     */
    private void applyWaited(long now) {
        long deadline = System.nanoTime() + APPLY_BUDGET_NANOS;
        boolean appliedAny = false;
        List<PendingChanges.Entry> ready;
        do {
            ready = pending.ready(now, reorderWindowMs, reorderMaxBuffered, APPLY_BATCH);
            for (PendingChanges.Entry entry : ready) {
                RawChange change = RawChangeReader.read(entry.keyText(), entry.raw());
                apply(change, entry.positions(), entry.message());
                // no 'applied' mark: the digest's seen entry names a buffer key that is gone, which says as much
            }
            appliedAny |= !ready.isEmpty();
            // past the budget, only what exceeds the buffer bound is applied: memory stays bounded
        } while (ready.size() == APPLY_BATCH && (System.nanoTime() < deadline
                || pending.buffered() > reorderMaxBuffered));
        if (appliedAny) {
            metrics.buffered(taskId, pending.buffered());
        }
    }

    private void fireTimers(long now) {
        for (ExpiryTimers.Due due : timers.due(now)) {
            if (due.purge()) {
                applier.purge(due.rowKey(), now);
                continue;
            }
            Optional<TableInfo> table = catalog.table(due.keyspace(), due.table());
            if (table.isEmpty()) {
                continue;
            }
            if (encoder.refusal(changeTopic(table.get()), table.get()).isPresent()) {
                // its events cannot be written yet: the expiry waits, due again at the next round
                timers.expiry(due.atSec(), due.prefix(), due.rowKey());
                continue;
            }
            List<ChangeEvent> events = applier.expire(table.get(), due.prefix(), due.rowKey(), due.partitionKey(),
                    due.atSec(), now);
            events.forEach(event -> emit(event, null));
            events.forEach(event -> metrics.expiryEvent());
        }
    }

    /**
     * Applies a change to its table's row state and writes its events; holds it while its table is
     * not in the schema, or while older changes of its table are held.
     */
    private void apply(RawChange change, List<String> sources, RawMessage message) {
        if (unknownTables.holds(change.qualifiedTable())) {
            holdUnknown(change, sources, message);
            return;
        }
        Optional<TableInfo> table = table(change);
        if (table.isEmpty()) {
            holdUnknown(change, sources, message);
            return;
        }
        applyIfSchemaAccepted(table.get(), change, sources, message);
    }

    /**
     * Applies the change unless its table's events cannot be written (the registry refuses the
     * table's schema) or older changes of the table wait for that: then it waits behind them,
     * unapplied, so that nothing is lost and the order holds when the schema is accepted.
     */
    private void applyIfSchemaAccepted(TableInfo table, RawChange change, List<String> sources, RawMessage message) {
        String qualified = change.qualifiedTable();
        if (!refusedSchemas.holds(qualified)) {
            Optional<String> refusal = encoder.refusal(changeTopic(table), table);
            if (refusal.isEmpty()) {
                applyTo(table, change, sources, message);
                return;
            }
            LOG.error("Change events of {} to {} stop: {}. Its changes wait, unapplied (other tables keep flowing),"
                    + " and go out in order once the registry accepts the table's schema: set the subject's "
                    + "compatibility level, or change the table back", qualified, changeTopic(table), refusal.get());
        }
        refusedSchemas.hold(qualified, message, sources, context.currentSystemTimeMs());
        metrics.heldForSchema(taskId, refusedSchemas.held());
    }

    /**
     * Tries again the tables whose changes wait for the registry, each after its backoff: reads
     * the schema again (the table may have been changed back) and, once the registry accepts it,
     * applies the held changes in the order they were held.
     */
    private void retryRefusedSchemas(long now) {
        long deadline = System.nanoTime() + APPLY_BUDGET_NANOS;
        for (String qualified : dueAfterRefresh(refusedSchemas, now)) {
            Optional<TableInfo> table = known(qualified);
            if (table.isEmpty() || encoder.refusal(changeTopic(table.get()), table.get()).isPresent()) {
                refusedSchemas.retryLater(qualified, now);
                continue;
            }
            long released = release(refusedSchemas, qualified, table.get(), deadline, now, false);
            if (!refusedSchemas.holds(qualified)) {
                LOG.info("The schema registry accepts the schema of {} now: the {} changes held for it are applied",
                        qualified, released);
            }
        }
        metrics.heldForSchema(taskId, refusedSchemas.held());
    }

    /** The tables of {@code holds} due to be tried again, with Cassandra's schema read afresh when any is. */
    private List<String> dueAfterRefresh(TableHolds holds, long now) {
        if (holds.isEmpty()) {
            return List.of();
        }
        List<String> due = holds.due(now);
        if (!due.isEmpty()) {
            catalog.refresh();
        }
        return due;
    }

    private Optional<TableInfo> known(String qualified) {
        int dot = qualified.indexOf('.');
        return catalog.table(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /**
     * Applies a table's held changes in the order they were held, for at most the time left to
     * {@code deadline}; the rest at the next round, at once. Returns how many were applied.
     */
    private long release(TableHolds holds, String qualified, TableInfo known, long deadline, long now,
            boolean checkSchema) {
        long released = 0;
        List<TableHolds.Held> batch;
        do {
            batch = holds.take(qualified, APPLY_BATCH);
            for (TableHolds.Held held : batch) {
                RawChange change = RawChangeReader.read(held.message().key(), held.message().tree());
                // read again if the change names a column added since
                TableInfo table = table(change).orElse(known);
                if (checkSchema) {
                    applyIfSchemaAccepted(table, change, held.sources(), held.message());
                } else {
                    applyTo(table, change, held.sources(), held.message());
                }
            }
            released += batch.size();
        } while (batch.size() == APPLY_BATCH && System.nanoTime() < deadline);
        if (holds.holds(qualified)) {
            holds.continueAt(qualified, now);
        }
        return released;
    }

    private String changeTopic(TableInfo table) {
        return config.changeTopic(table.keyspace(), table.name());
    }

    private void holdUnknown(RawChange change, List<String> sources, RawMessage message) {
        if (!unknownTables.holds(change.qualifiedTable())) {
            LOG.warn("Change of {} at {} held: Cassandra's schema has no such table (created a moment ago, or "
                    + "dropped?). Its changes wait while the schema is read again; those still unknown after {} ms "
                    + "go to {}", change.qualifiedTable(), where(change, message), unknownTableRetryMaxMs,
                    deadLetterTopic());
        }
        unknownTables.hold(change.qualifiedTable(), message, sources, context.currentSystemTimeMs());
        metrics.heldForUnknownTable(taskId, unknownTables.held());
    }

    /**
     * Tries again the tables whose changes are held for want of a schema, each after its backoff:
     * reads the schema, applies the held changes of the tables it now has (in the order they were
     * held, for at most {@link #APPLY_BUDGET_NANOS}; the rest in the next round), and dead-letters
     * those held longer than {@code unknown.table.retry.max.ms}.
     */
    private void retryUnknownTables(long now) {
        long deadline = System.nanoTime() + APPLY_BUDGET_NANOS;
        for (String qualified : dueAfterRefresh(unknownTables, now)) {
            Optional<TableInfo> table = known(qualified);
            if (table.isEmpty()) {
                deadLetterExpired(qualified, now, deadline);
            } else if (release(unknownTables, qualified, table.get(), deadline, now, true) > 0
                    && !unknownTables.holds(qualified)) {
                LOG.info("{} is in Cassandra's schema now: the changes held for it are applied", qualified);
            }
        }
        metrics.heldForUnknownTable(taskId, unknownTables.held());
    }

    private void deadLetterExpired(String qualified, long now, long deadline) {
        List<TableHolds.Held> expired;
        do {
            expired = unknownTables.takeHeldBefore(qualified, now - unknownTableRetryMaxMs, APPLY_BATCH);
            for (TableHolds.Held held : expired) {
                deadLetter(held.message(), DeadLetterReason.UNKNOWN_TABLE, "change of " + qualified + " at "
                        + held.message().where() + " held " + (now - held.heldSinceMs()) + " ms: Cassandra's schema "
                        + "still has no such table");
            }
        } while (expired.size() == APPLY_BATCH && System.nanoTime() < deadline);
        unknownTables.retryLater(qualified, now);
    }

    /** Applies a change to the row state of its table, known to be in the schema. */
    private void applyTo(TableInfo table, RawChange change, List<String> sources, RawMessage message) {
        if (change.kind() == RawChange.Kind.CHANGE
                && incarnations.check(change.qualifiedTable(), change.tableId()) == TableIncarnations.Verdict.DROPPED) {
            metrics.unknownTable();
            LOG.warn(
                    "Change of {} at {} skipped: it was made to a table of that name since dropped and created again "
                    + "(its id {})", change.qualifiedTable(), where(change, message), change.tableId());
            return;
        }
        List<ChangeEvent> events;
        try {
            events = applier.apply(table, change, sources, System.currentTimeMillis());
        } catch (RuntimeException e) {
            deadLetter(message, DeadLetterReason.NOT_APPLICABLE, "change of " + change.qualifiedTable() + " key "
                    + change.keyText() + " at " + where(change, message) + " cannot be materialized: "
                    + e.getMessage());
            return;
        }
        if (events.isEmpty()) {
            metrics.noEffect();
        }
        for (ChangeEvent event : events) {
            emit(event, message);
        }
    }

    /** Where a change was read: on Kafka, and in its node's commit log. */
    private static String where(RawChange change, RawMessage message) {
        return message.where() + " (" + change.sourcePosition() + ")";
    }

    /** The table's schema; read again when the change names a column it lacks (added since). */
    private Optional<TableInfo> table(RawChange change) {
        Optional<TableInfo> table = catalog.table(change.keyspace(), change.table());
        if (table.isEmpty() || lacksColumn(table.get(), change)) {
            catalog.refresh();
            table = catalog.table(change.keyspace(), change.table());
        }
        return table;
    }

    private static boolean lacksColumn(TableInfo table, RawChange change) {
        for (RawChange.RawRow row : change.rows()) {
            for (RawChange.RawCell cell : row.cells()) {
                if (table.column(cell.column()) == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes an event; {@code message} is the raw change it comes from (null for an expiry). */
    private void emit(ChangeEvent event, RawMessage message) {
        if (!encoder.writes(event)) {
            return;
        }
        String topic = config.changeTopic(event.table().keyspace(), event.table().name());
        EventEncoder.Encoded encoded;
        try {
            encoded = encoder.encode(topic, event);
        } catch (RuntimeException e) {
            String error = "event of " + event.table().qualifiedName() + " key " + event.key() + " cannot be written: "
                    + e.getMessage();
            if (message != null) {
                deadLetter(message, DeadLetterReason.EVENT_NOT_WRITABLE, error + " (raw change at " + message.where()
                        + ")");
            } else {
                LOG.error("{}", error);
            }
            return;
        }
        topics.ensure(topic);
        RecordHeaders headers = new RecordHeaders();
        headers.add(TABLE_HEADER, event.table().qualifiedName().getBytes(StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.node.ObjectNode partitionKey = RawChangeFormat.JSON.createObjectNode();
        event.table().partitionKey().forEach(column -> partitionKey.set(column.name(), event.key().get(column.name())));
        PartitionKeyPartitioner.route(partitionKey.toString().getBytes(StandardCharsets.UTF_8));
        try {
            context.forward(new Record<>(encoded.key(), encoded.value(), Math.max(0, event.ts() / 1000), headers),
                    StoreNames.EVENTS_SINK);
        } finally {
            PartitionKeyPartitioner.route(null);
        }
        metrics.events(1);
    }

    /** Sends the raw change itself to the dead-letter topic ({@link DeadLetters}). */
    private void deadLetter(RawMessage message, DeadLetterReason reason, String error) {
        LOG.error("{}; the raw change goes to {}", error, deadLetterTopic());
        topics.ensure(deadLetterTopic());
        context.forward(DeadLetters.record(message, reason, error, context.currentSystemTimeMs()),
                StoreNames.DEAD_LETTER_SINK);
        metrics.deadLettered(reason);
    }

    private String deadLetterTopic() {
        return config.topicPrefix() + ".materializer.dlq";
    }
}
