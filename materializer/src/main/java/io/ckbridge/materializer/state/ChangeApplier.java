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
     * Applies {@code change} to the state of its partition.
     *
     * @param sources   node:segment:position of each copy that arrived
     * @param nowWallMs the wall clock: what has expired
     */
    public List<ChangeEvent> apply(TableInfo table, RawChange change, List<String> sources, long nowWallMs) {
        boolean snapshot = change.kind() == RawChange.Kind.SNAPSHOT_ROW;
        // The images show the row as of the write, not as of its processing: a change processed late
        // (catching up, a new table's topic found a few seconds after its first writes) still
        // makes its event, and TTLs that ran out meanwhile make theirs by the expiry timers.
        long nowSec = snapshot ? nowWallMs / 1000 : Math.min(nowWallMs / 1000, change.writeTimeMicros() / 1_000_000);
        String prefix = RowStore.partitionPrefix(change.qualifiedTable(), change.keyText());
        Source source = new Source(nodes(sources), sources, change.writeTimeMicros(), snapshot);
        List<ChangeEvent> events = new ArrayList<>();
        ObjectNode key = change.key();

        PartitionState partition = readPartition(prefix);
        boolean partitionChanged = false;
        // A table without static columns has no static row to read (most tables: one lookup saved per change).
        byte[] staticBytes = table.hasStatics() ? store.get(prefix + "S") : null;
        RowState staticBefore = staticBytes == null ? null : StateCodec.read(staticBytes, RowState.class);
        RowState staticAfter = staticBytes == null ? null : StateCodec.read(staticBytes, RowState.class);

        if (change.partitionDeletion() != null && change.partitionDeletion().ts() > partition.dt) {
            long ts = change.partitionDeletion().ts();
            PartitionState previous = copy(partition);
            partition.dt = ts;
            partition.dtAt = nowWallMs;
            partitionChanged = true;
            deleteRows(table, change, prefix, previous, partition, staticBefore, staticAfter, ts, null, source, nowWallMs, events);
            events.add(new ChangeEvent(table, "d", ts, key, null, null, source, change.schemaVersion(), "partition", null));
        }
        for (RangeDeletion range : change.rangeDeletions()) {
            if (coveredBy(partition, range)) {
                continue; // a copy already applied
            }
            PartitionState previous = copy(partition);
            RangeState state = new RangeState();
            state.s = range.start().clustering();
            state.si = range.start().inclusive();
            state.e = range.end().clustering();
            state.ei = range.end().inclusive();
            state.t = range.ts();
            state.at = nowWallMs;
            partition.r.add(state);
            partitionChanged = true;
            deleteRows(table, change, prefix, previous, partition, staticBefore, staticAfter, range.ts(), range, source, nowWallMs, events);
            events.add(new ChangeEvent(table, "d", range.ts(), key, null, null, source, change.schemaVersion(), "range",
                    new Range(range.start(), range.end())));
        }

        RawRow staticRaw = change.rows().stream().filter(RawRow::isStatic).findFirst().orElse(null);
        if (staticRaw != null) {
            if (staticAfter == null) {
                staticAfter = new RowState();
            }
            ObjectNode before = RowImage.staticRow(table, key, staticBefore, partition.dt, nowSec);
            long newestBefore = staticAfter.nt;
            if (RowMerger.apply(staticAfter, staticRaw, partition.dt)) {
                ObjectNode after = RowImage.staticRow(table, key, staticAfter, partition.dt, nowSec);
                String op = op(snapshot, before, after, staticAfter.nt > newestBefore);
                if (op != null) {
                    events.add(new ChangeEvent(table, op, staticAfter.nt, key, snapshot ? null : before, after, source,
                            change.schemaVersion(), "static", null));
                }
                noteTimers(prefix, prefix + "S", staticRaw, staticAfter, after == null, nowWallMs);
                store.put(prefix + "S", StateCodec.write(staticAfter));
            }
        }
        for (RawRow raw : change.rows()) {
            if (raw.isStatic()) {
                continue;
            }
            String rowKey = prefix + "R" + raw.clustering().toString();
            RowState row = readRow(rowKey);
            if (row == null) {
                row = new RowState();
                row.ck = raw.clustering();
            }
            long floor = partition.floor(table, raw.clustering());
            ObjectNode before = RowImage.row(table, key, raw.clustering(), row, floor, staticBefore, partition.dt, nowSec);
            long newestBefore = row.nt;
            if (!RowMerger.apply(row, raw, floor)) {
                continue;
            }
            ObjectNode after = RowImage.row(table, key, raw.clustering(), row, floor, staticAfter, partition.dt, nowSec);
            String op = op(snapshot, before, after, row.nt > newestBefore);
            if (op != null) {
                ObjectNode eventKey = key.deepCopy().setAll(raw.clustering());
                events.add(new ChangeEvent(table, op, row.nt, eventKey, snapshot ? null : before, after, source,
                        change.schemaVersion(), "row", null));
            }
            noteTimers(prefix, rowKey, raw, row, after == null, nowWallMs);
            store.put(rowKey, StateCodec.write(row));
        }
        if (partitionChanged) {
            store.put(prefix + "P", StateCodec.write(partition));
            timers.purge(nowWallMs + tombstoneRetentionMs, prefix + "P");
        }
        return events;
    }

    /**
     * A row's cells or marker expired at {@code expiresAtSec}: the event that makes (u, or d when
     * nothing of the row is left), or none when the row's image did not change.
     */
    public List<ChangeEvent> expire(TableInfo table, String prefix, String rowKey, ObjectNode partitionKey, long expiresAtSec,
                                    long nowWallMs) {
        RowState row = readRow(rowKey);
        if (row == null) {
            return List.of();
        }
        boolean isStatic = rowKey.length() == prefix.length() + 1 && rowKey.endsWith("S");
        PartitionState partition = readPartition(prefix);
        RowState staticRow = isStatic ? row : readRow(prefix + "S");
        long expiresBefore = expiresAtSec - 1;
        ObjectNode before;
        ObjectNode after;
        if (isStatic) {
            before = RowImage.staticRow(table, partitionKey, row, partition.dt, expiresBefore);
            after = RowImage.staticRow(table, partitionKey, row, partition.dt, expiresAtSec);
        } else {
            long floor = partition.floor(table, row.ck);
            before = RowImage.row(table, partitionKey, row.ck, row, floor, staticRow, partition.dt, expiresBefore);
            after = RowImage.row(table, partitionKey, row.ck, row, floor, staticRow, partition.dt, expiresAtSec);
        }
        if (before == null || before.equals(after)) {
            return List.of();
        }
        row.nt = Math.max(row.nt, expiresAtSec * 1_000_000L);
        if (after == null) {
            row.deadSince = nowWallMs;
            timers.purge(nowWallMs + tombstoneRetentionMs, rowKey);
        }
        store.put(rowKey, StateCodec.write(row));
        ObjectNode key = isStatic ? partitionKey : partitionKey.deepCopy().setAll(row.ck);
        Source source = new Source(List.of(), List.of(), expiresAtSec * 1_000_000L, false);
        return List.of(new ChangeEvent(table, after == null ? "d" : "u", row.nt, key, before, after, source, null,
                isStatic ? "static" : "row", null));
    }

    /** Drops a deleted row or expired partition deletions once the retention has passed. */
    public void purge(String key, long nowWallMs) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return;
        }
        if (key.endsWith("|P")) {
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

    private void deleteRows(TableInfo table, RawChange change, String prefix, PartitionState previous, PartitionState partition,
                            RowState staticBefore, RowState staticAfter, long ts, RangeDeletion range, Source source,
                            long nowWallMs, List<ChangeEvent> events) {
        long nowSec = nowWallMs / 1000;
        for (Map.Entry<String, byte[]> entry : store.withPrefix(prefix + "R").entrySet()) {
            RowState row = StateCodec.read(entry.getValue(), RowState.class);
            if (range != null && !ClusteringRange.contains(table, row.ck, range.start(), range.end())) {
                continue;
            }
            ObjectNode before = RowImage.row(table, change.key(), row.ck, row, previous.floor(table, row.ck), staticBefore, previous.dt, nowSec);
            RowMerger.deleteUpTo(row, ts);
            ObjectNode after = RowImage.row(table, change.key(), row.ck, row, partition.floor(table, row.ck), staticAfter, partition.dt, nowSec);
            if (before != null && after == null) {
                events.add(new ChangeEvent(table, "d", row.nt, change.key().deepCopy().setAll(row.ck), before, null, source,
                        change.schemaVersion(), "row", null));
                row.deadSince = nowWallMs;
                timers.purge(nowWallMs + tombstoneRetentionMs, entry.getKey());
            }
            store.put(entry.getKey(), StateCodec.write(row));
        }
        if (range == null && staticAfter != null) {
            ObjectNode before = RowImage.staticRow(table, change.key(), staticBefore, previous.dt, nowSec);
            RowMerger.deleteUpTo(staticAfter, ts);
            if (before != null) {
                events.add(new ChangeEvent(table, "d", staticAfter.nt, change.key(), before, null, source, change.schemaVersion(),
                        "static", null));
            }
            store.put(prefix + "S", StateCodec.write(staticAfter));
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
        for (RangeState known : partition.r) {
            if (known.t >= range.ts() && known.s.equals(range.start().clustering()) && known.si == range.start().inclusive()
                    && known.e.equals(range.end().clustering()) && known.ei == range.end().inclusive()) {
                return true;
            }
        }
        return partition.dt >= range.ts();
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
        byte[] bytes = store.get(prefix + "P");
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
