package io.ckbridge.materializer;

import io.ckbridge.materializer.topology.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the materializer did, for /metrics (Prometheus text). */
public final class MaterializerMetrics {
    private final AtomicLong rawChanges = new AtomicLong();
    private final AtomicLong copiesDropped = new AtomicLong();
    private final AtomicLong noEffect = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong expiryEvents = new AtomicLong();
    private final AtomicLong snapshotRows = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final Map<DeadLetterReason, AtomicLong> deadLettered = new EnumMap<>(DeadLetterReason.class);
    private final AtomicLong unknownTables = new AtomicLong();
    private final AtomicLong snapshotHoldTimeouts = new AtomicLong();
    private final Map<String, AtomicLong> buffered = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> heldForSnapshot = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> heldForUnknownTable = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> heldForSchema = new ConcurrentHashMap<>();
    private volatile String state = "CREATED";

    public MaterializerMetrics() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettered.put(reason, new AtomicLong());
        }
    }

    public void rawChange() {
        rawChanges.incrementAndGet();
    }

    public void copyDropped() {
        copiesDropped.incrementAndGet();
    }

    public void noEffect() {
        noEffect.incrementAndGet();
    }

    public void events(int count) {
        events.addAndGet(count);
    }

    public void expiryEvent() {
        expiryEvents.incrementAndGet();
    }

    public void snapshotRow() {
        snapshotRows.incrementAndGet();
    }

    public void held() {
        held.incrementAndGet();
    }

    public void deadLettered(DeadLetterReason reason) {
        deadLettered.get(reason).incrementAndGet();
    }

    public long deadLetters(DeadLetterReason reason) {
        return deadLettered.get(reason).get();
    }

    public void unknownTable() {
        unknownTables.incrementAndGet();
    }

    public void snapshotHoldTimedOut() {
        snapshotHoldTimeouts.incrementAndGet();
    }

    public long snapshotHoldTimeouts() {
        return snapshotHoldTimeouts.get();
    }

    public void buffered(String task, long count) {
        buffered.computeIfAbsent(task, t -> new AtomicLong()).set(count);
    }

    /** Changes of the task held now while a snapshot of their table runs. */
    public void heldForSnapshot(String task, long count) {
        heldForSnapshot.computeIfAbsent(task, t -> new AtomicLong()).set(count);
    }

    /** Changes of the task held now until their table is in Cassandra's schema. */
    public void heldForUnknownTable(String task, long count) {
        heldForUnknownTable.computeIfAbsent(task, t -> new AtomicLong()).set(count);
    }

    public long heldForUnknownTable() {
        return sum(heldForUnknownTable);
    }

    /** Changes of the task held now until the schema registry accepts their table's schema. */
    public void heldForSchema(String task, long count) {
        heldForSchema.computeIfAbsent(task, t -> new AtomicLong()).set(count);
    }

    public long heldForSchema() {
        return sum(heldForSchema);
    }

    public long heldForSnapshot() {
        return sum(heldForSnapshot);
    }

    private static long sum(Map<String, AtomicLong> perTask) {
        return perTask.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void state(String value) {
        state = value;
    }

    public String state() {
        return state;
    }

    public long events() {
        return events.get();
    }

    public String prometheus() {
        StringBuilder text = new StringBuilder();
        counter(text, "materializer_raw_changes_total", "Raw change messages read.", rawChanges.get());
        counter(text, "materializer_copies_dropped_total", "Replica copies recognised by their digest and dropped.",
                copiesDropped.get());
        counter(text, "materializer_changes_without_effect_total",
                "Changes that changed no row: copies past the dedup window, older writes that lost to newer ones.",
                noEffect.get());
        counter(text, "materializer_events_total", "Change events written.", events.get());
        counter(text, "materializer_expiry_events_total", "Change events made by TTL expiry.", expiryEvents.get());
        counter(text, "materializer_snapshot_rows_total", "Rows read by snapshots.", snapshotRows.get());
        counter(text, "materializer_changes_held_total", "Changes held while a snapshot of their table ran.",
                held.get());
        header(text, "materializer_dead_letters_total",
                "Raw changes sent to the dead-letter topic, by reason (the ckbridge.reason header).", "counter");
        deadLettered.forEach((reason, count) -> text.append("materializer_dead_letters_total{reason=\"")
                .append(reason.code()).append("\"} ").append(count.get()).append('\n'));
        counter(text, "materializer_unknown_table_changes_total",
                "Changes skipped: made to a table since dropped and created again under its name.",
                unknownTables.get());
        counter(text, "materializer_snapshot_hold_timeouts_total",
                "Snapshots whose held changes were applied without an end marker (snapshot.hold.timeout.ms).",
                snapshotHoldTimeouts.get());
        header(text, "materializer_held_changes",
                "Changes held now: while a snapshot of their table runs, until their table is in the schema, or until"
                        + " the schema registry accepts their table's schema.",
                "gauge");
        text.append("materializer_held_changes{reason=\"snapshot\"} ").append(heldForSnapshot()).append('\n');
        text.append("materializer_held_changes{reason=\"unknown-table\"} ").append(heldForUnknownTable())
                .append('\n');
        text.append("materializer_held_changes{reason=\"schema-refused\"} ").append(heldForSchema()).append('\n');
        text.append(
                "# HELP materializer_reorder_buffered Changes waiting in the reorder window.\n# TYPE "
                + "materializer_reorder_buffered gauge\n");
        text.append("materializer_reorder_buffered ").append(sum(buffered)).append('\n');
        text.append(
                "# HELP materializer_running 1 while Kafka Streams is RUNNING.\n# TYPE materializer_running gauge\n");
        text.append("materializer_running ").append("RUNNING".equals(state) ? 1 : 0).append('\n');
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, long value) {
        header(text, name, help, "counter");
        text.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder text, String name, String help, String type) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
