package io.ckbridge.materializer.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.event.ChangeEvent.Range;
import io.ckbridge.materializer.event.ChangeEvent.Source;
import io.ckbridge.materializer.event.ChangeEvent;
import io.ckbridge.materializer.schema.ClusteringRange;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange.RangeDeletion;
import io.ckbridge.rawchange.RawChange.RawCell;
import io.ckbridge.rawchange.RawChange.RawRow;
import io.ckbridge.rawchange.RawChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies raw changes to the row states of a task and says which change events they make: one
 * per row whose state moved (c, u, d or r), one per partition or range deletion, none for a
 * copy or an older write that lost everywhere.
 */
public final class ChangeApplier {
    private final RowStore store;
    private final Timers timers;
    private final long tombstoneRetentionMs;

    /** Where expiring cells and deleted rows are noted, to act on them later. */
    public interface Timers {
        /** A cell or row marker of the row (in the partition of {@code prefix}) expires at this second. */
        void expiry(long expiresAtSec, String prefix, String rowKey);

        /** The row (or partition deletions) may be dropped from the state after this wall-clock time. */
        void purge(long atWallMs, String key);
    }

    public ChangeApplier(RowStore store, Timers timers, long tombstoneRetentionMs) {
        this.store = store;
        this.timers = timers;
        this.tombstoneRetentionMs = tombstoneRetentionMs;
    }

    /**
     * Applies {@code change} to the state of its partition, in Cassandra's order of precedence:
     * the partition deletion, range deletions, the static row, then each row.
     *
     * @param sources   node:segment:position of each copy that arrived
     * @param nowWallMs the wall clock: what has expired
     */
    public List<ChangeEvent> apply(TableInfo table, RawChange change, List<String> sources, long nowWallMs) {
        PartitionChange step = new PartitionChange(table, change, sources, nowWallMs);
        applyPartitionDeletion(step);
        for (RangeDeletion range : change.rangeDeletions()) {
            applyRangeDeletion(step, range);
        }
        applyStaticRow(step);
        for (RawRow raw : change.rows()) {
            if (!raw.isStatic()) {
                applyRow(step, raw);
            }
        }
        if (step.partitionChanged) {
            String deletions = StateKeys.deletions(step.prefix);
            store.put(deletions, StateCodec.write(step.partition));
            timers.purge(nowWallMs + tombstoneRetentionMs, deletions);
        }
        return step.events;
    }

    /** One change being applied to its partition's state: what the steps share. */
    private final class PartitionChange {
        final TableInfo table;
        final RawChange change;
        final boolean snapshot;
        final long nowWallMs;
        final long nowSec;
        final String prefix;
        final Source source;
        final ObjectNode key;
        final PartitionState partition;
        /** The static row before the change and as it goes (null for a table without statics or none yet). */
        final RowState staticBefore;
        RowState staticAfter;
        boolean partitionChanged;
        final List<ChangeEvent> events = new ArrayList<>();

        PartitionChange(TableInfo table, RawChange change, List<String> sources, long nowWallMs) {
            this.table = table;
            this.change = change;
            this.snapshot = change.kind() == RawChange.Kind.SNAPSHOT_ROW;
            this.nowWallMs = nowWallMs;
            // The images show the row as of the write, not as of its processing: a change processed
            // late (catching up, a new table's topic found a few seconds after its first writes)
            // still makes its event, and TTLs that ran out meanwhile make theirs by the expiry timers.
            this.nowSec = snapshot ? nowWallMs / 1000 : Math.min(nowWallMs / 1000,
                    change.writeTimeMicros() / 1_000_000);
            this.prefix = StateKeys.partitionPrefix(change.qualifiedTable(), change.keyText());
            this.source = new Source(nodes(sources), sources, change.writeTimeMicros(), snapshot);
            this.key = change.key();
            this.partition = readPartition(prefix);
            // A table without static columns has no static row to read (most tables: one lookup saved per change).
            byte[] staticBytes = table.hasStatics() ? store.get(StateKeys.staticRow(prefix)) : null;
            this.staticBefore = staticBytes == null ? null : StateCodec.read(staticBytes, RowState.class);
            this.staticAfter = staticBytes == null ? null : StateCodec.read(staticBytes, RowState.class);
        }

        ChangeEvent event(String op, long ts, ObjectNode eventKey, ObjectNode before, ObjectNode after, String scope,
                          Range range) {
            return new ChangeEvent(table, op, ts, eventKey, before, after, source, change.schemaVersion(), scope,
                    range);
        }
    }

    /** A partition deletion newer than the state's: a d per row it held, then the partition's own. */
    private void applyPartitionDeletion(PartitionChange step) {
        RawChange.Deletion deletion = step.change.partitionDeletion();
        if (deletion == null || deletion.ts() <= step.partition.deletionTs) {
            return;
        }
        PartitionState previous = copy(step.partition);
        step.partition.deletionTs = deletion.ts();
        step.partition.deletionAppliedAtWallMs = step.nowWallMs;
        step.partitionChanged = true;
        deleteRows(step, previous, deletion.ts(), null);
        step.events.add(step.event("d", deletion.ts(), step.key, null, null, "partition", null));
    }

    /** A range deletion not yet applied: a d per row it covers, then the range's own. */
    private void applyRangeDeletion(PartitionChange step, RangeDeletion range) {
        if (coveredBy(step.partition, range)) {
            return; // a copy already applied
        }
        PartitionState previous = copy(step.partition);
        RangeState state = new RangeState();
        state.start = range.start().clustering();
        state.startInclusive = range.start().inclusive();
        state.end = range.end().clustering();
        state.endInclusive = range.end().inclusive();
        state.ts = range.ts();
        state.appliedAtWallMs = step.nowWallMs;
        step.partition.ranges.add(state);
        step.partitionChanged = true;
        deleteRows(step, previous, range.ts(), range);
        step.events.add(step.event("d", range.ts(), step.key, null, null, "range",
                new Range(range.start(), range.end())));
    }

    /** The static row's cells merged into the partition's static row. */
    private void applyStaticRow(PartitionChange step) {
        RawRow raw = step.change.rows().stream().filter(RawRow::isStatic).findFirst().orElse(null);
        if (raw == null) {
            return;
        }
        if (step.staticAfter == null) {
            step.staticAfter = new RowState();
        }
        RowState row = step.staticAfter;
        long partitionFloor = step.partition.deletionTs;
        ObjectNode before = RowImage.staticRow(step.table, step.key, step.staticBefore, partitionFloor, step.nowSec);
        long newestBefore = row.newestTs;
        if (!RowMerger.apply(row, raw, partitionFloor)) {
            return;
        }
        ObjectNode after = RowImage.staticRow(step.table, step.key, row, partitionFloor, step.nowSec);
        String op = op(step.snapshot, before, after, row.newestTs > newestBefore);
        if (op != null) {
            step.events.add(step.event(op, row.newestTs, step.key, step.snapshot ? null : before, after, "static",
                    null));
        }
        String rowKey = StateKeys.staticRow(step.prefix);
        noteTimers(step.prefix, rowKey, raw, row, after == null, step.nowWallMs);
        store.put(rowKey, StateCodec.write(row));
    }

    /** A regular row's cells, marker and deletion merged into its state. */
    private void applyRow(PartitionChange step, RawRow raw) {
        String rowKey = StateKeys.row(step.prefix, raw.clustering());
        RowState row = readRow(rowKey);
        if (row == null) {
            row = new RowState();
            row.clustering = raw.clustering();
        }
        long floor = step.partition.floor(step.table, raw.clustering());
        long partitionFloor = step.partition.deletionTs;
        ObjectNode before = RowImage.row(step.table, step.key, raw.clustering(), row, floor, step.staticBefore,
                partitionFloor, step.nowSec);
        long newestBefore = row.newestTs;
        if (!RowMerger.apply(row, raw, floor)) {
            return;
        }
        ObjectNode after = RowImage.row(step.table, step.key, raw.clustering(), row, floor, step.staticAfter,
                partitionFloor, step.nowSec);
        String op = op(step.snapshot, before, after, row.newestTs > newestBefore);
        if (op != null) {
            ObjectNode eventKey = step.key.deepCopy().setAll(raw.clustering());
            step.events.add(step.event(op, row.newestTs, eventKey, step.snapshot ? null : before, after, "row", null));
        }
        noteTimers(step.prefix, rowKey, raw, row, after == null, step.nowWallMs);
        store.put(rowKey, StateCodec.write(row));
    }

    /**
     * A row's cells or marker expired at {@code expiresAtSec}: the event that makes (u, or d when
     * nothing of the row is left), or none when the row's image did not change.
     */
    public List<ChangeEvent> expire(TableInfo table, String prefix, String rowKey, ObjectNode partitionKey,
            long expiresAtSec,
                                    long nowWallMs) {
        RowState row = readRow(rowKey);
        if (row == null) {
            return List.of();
        }
        boolean isStatic = StateKeys.isStaticRow(prefix, rowKey);
        PartitionState partition = readPartition(prefix);
        RowState staticRow = isStatic ? row : readRow(StateKeys.staticRow(prefix));
        long expiresBefore = expiresAtSec - 1;
        ObjectNode before;
        ObjectNode after;
        if (isStatic) {
            before = RowImage.staticRow(table, partitionKey, row, partition.deletionTs, expiresBefore);
            after = RowImage.staticRow(table, partitionKey, row, partition.deletionTs, expiresAtSec);
        } else {
            long floor = partition.floor(table, row.clustering);
            before = RowImage.row(table, partitionKey, row.clustering, row, floor, staticRow, partition.deletionTs,
                    expiresBefore);
            after = RowImage.row(table, partitionKey, row.clustering, row, floor, staticRow, partition.deletionTs,
                    expiresAtSec);
        }
        if (before == null || before.equals(after)) {
            return List.of();
        }
        row.newestTs = Math.max(row.newestTs, expiresAtSec * 1_000_000L);
        if (after == null) {
            row.deadSince = nowWallMs;
            timers.purge(nowWallMs + tombstoneRetentionMs, rowKey);
        }
        store.put(rowKey, StateCodec.write(row));
        ObjectNode key = isStatic ? partitionKey : partitionKey.deepCopy().setAll(row.clustering);
        Source source = new Source(List.of(), List.of(), expiresAtSec * 1_000_000L, false);
        return List.of(new ChangeEvent(table, after == null ? "d" : "u", row.newestTs, key, before, after, source, null,
                isStatic ? "static" : "row", null));
    }

    /** Drops a deleted row or expired partition deletions once the retention has passed. */
    public void purge(String key, long nowWallMs) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return;
        }
        if (StateKeys.isDeletions(key)) {
            PartitionState partition = StateCodec.read(bytes, PartitionState.class);
            if (partition.expire(nowWallMs - tombstoneRetentionMs + 1)) {
                store.delete(key);
            } else {
                store.put(key, StateCodec.write(partition));
            }
            return;
        }
        RowState row = StateCodec.read(bytes, RowState.class);
        if (row.deadSince > 0 && row.deadSince + tombstoneRetentionMs <= nowWallMs) {
            store.delete(key);
        }
    }

    /**
     * The rows (and for a partition deletion, the static row) that a deletion at {@code ts} hides:
     * a d event for each that was live, and their states marked deleted.
     */
    private void deleteRows(PartitionChange step, PartitionState previous, long ts, RangeDeletion range) {
        TableInfo table = step.table;
        ObjectNode key = step.key;
        PartitionState partition = step.partition;
        long nowSec = step.nowWallMs / 1000;
        for (Map.Entry<String, byte[]> entry : store.withPrefix(StateKeys.rows(step.prefix)).entrySet()) {
            RowState row = StateCodec.read(entry.getValue(), RowState.class);
            if (range != null && !ClusteringRange.contains(table, row.clustering, range.start(), range.end())) {
                continue;
            }
            ObjectNode before = RowImage.row(table, key, row.clustering, row, previous.floor(table, row.clustering),
                    step.staticBefore, previous.deletionTs, nowSec);
            RowMerger.deleteUpTo(row, ts);
            ObjectNode after = RowImage.row(table, key, row.clustering, row, partition.floor(table, row.clustering),
                    step.staticAfter, partition.deletionTs, nowSec);
            if (before != null && after == null) {
                step.events.add(step.event("d", row.newestTs, key.deepCopy().setAll(row.clustering), before, null,
                        "row", null));
                row.deadSince = step.nowWallMs;
                timers.purge(step.nowWallMs + tombstoneRetentionMs, entry.getKey());
            }
            store.put(entry.getKey(), StateCodec.write(row));
        }
        if (range == null && step.staticAfter != null) {
            ObjectNode before = RowImage.staticRow(table, key, step.staticBefore, previous.deletionTs, nowSec);
            RowMerger.deleteUpTo(step.staticAfter, ts);
            if (before != null) {
                step.events.add(step.event("d", step.staticAfter.newestTs, key, before, null, "static", null));
            }
            store.put(StateKeys.staticRow(step.prefix), StateCodec.write(step.staticAfter));
        }
    }

    private void noteTimers(String prefix, String rowKey, RawRow raw, RowState row, boolean dead, long nowWallMs) {
        if (raw.liveness() != null && raw.liveness().expiring()) {
            timers.expiry(raw.liveness().expiresAt(), prefix, rowKey);
        }
        for (RawCell cell : raw.cells()) {
            if (!cell.tombstone() && cell.ttl() > 0) {
                timers.expiry(cell.expiresAt(), prefix, rowKey);
            }
        }
        if (dead) {
            if (row.deadSince == 0) {
                row.deadSince = nowWallMs;
            }
            timers.purge(nowWallMs + tombstoneRetentionMs, rowKey);
        } else {
            row.deadSince = 0;
        }
    }

    /**
     * The event a merge makes, or null: none when the row looks the same and no newer write came
     * (an older deletion or a late copy changes the state's markers, not the row).
     */
    private static String op(boolean snapshot, ObjectNode before, ObjectNode after, boolean newerWrite) {
        if (before != null && before.equals(after) && !newerWrite) {
            return null;
        }
        if (snapshot) {
            return after == null ? null : "r";
        }
        if (before == null) {
            return after == null ? null : "c";
        }
        return after == null ? "d" : "u";
    }

    private static boolean coveredBy(PartitionState partition, RangeDeletion range) {
        for (RangeState known : partition.ranges) {
            if (known.ts >= range.ts() && known.start.equals(range.start().clustering())
                    && known.startInclusive == range.start().inclusive()
                    && known.end.equals(range.end().clustering()) && known.endInclusive == range.end().inclusive()) {
                return true;
            }
        }
        return partition.deletionTs >= range.ts();
    }

    private static List<String> nodes(List<String> sources) {
        List<String> nodes = new ArrayList<>();
        for (String position : sources) {
            String node = RawChange.nodeOf(position);
            if (!nodes.contains(node)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private PartitionState readPartition(String prefix) {
        byte[] bytes = store.get(StateKeys.deletions(prefix));
        return bytes == null ? new PartitionState() : StateCodec.read(bytes, PartitionState.class);
    }

    private RowState readRow(String key) {
        byte[] bytes = store.get(key);
        return bytes == null ? null : StateCodec.read(bytes, RowState.class);
    }

    private static PartitionState copy(PartitionState partition) {
        return StateCodec.read(StateCodec.write(partition), PartitionState.class);
    }
}
