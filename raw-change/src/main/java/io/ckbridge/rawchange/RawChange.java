package io.ckbridge.rawchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One raw change message as read ({@link RawChangeReader}): a partition update as one node saw it,
 * or a row read by a snapshot, or a snapshot's start or end marker. Publishers send it serialized
 * (their {@code RawChangeRecord}); {@link RawChangeWriter} writes it.
 *
 * @param keyText the Kafka record key: the partition key as the publisher wrote it, the same on
 *                every replica
 * @param tableId Cassandra's id of the table (a new one when a table is dropped and created
 *                again), null when not given
 * @param abortReason on the end marker of a snapshot that stopped before reading every row: why;
 *                    null otherwise
 */
public record RawChange(
        Kind kind,
        String node,
        long segment,
        long position,
        String keyspace,
        String table,
        String schemaVersion,
        String digest,
        String keyText,
        ObjectNode key,
        Deletion partitionDeletion,
        List<RangeDeletion> rangeDeletions,
        List<RawRow> rows,
        String snapshotId,
        String tableId,
        String abortReason) {

    /** What a message is; {@code kind} on the wire, absent for a change. */
    public enum Kind {
        /** A write read from the commit log. */
        CHANGE("change"),
        /** A row read by a snapshot. */
        SNAPSHOT_ROW("snapshot"),
        /** Sent to every partition before a snapshot's rows: changes wait until its end. */
        SNAPSHOT_START("snapshot-start"),
        /** Sent to every partition after a snapshot's rows, or when it fails midway (with {@code aborted}). */
        SNAPSHOT_END("snapshot-end");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The value of the {@code kind} field. */
        public String wireName() {
            return wireName;
        }

        /** The kind of a {@code kind} field's value. */
        public static Kind of(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind \"" + wireName + "\"");
        }
    }

    public String qualifiedTable() {
        return keyspace + "." + table;
    }

    /** The newest timestamp (microseconds) of anything in the change: its write time. */
    public long writeTimeMicros() {
        long newest = Long.MIN_VALUE;
        if (partitionDeletion != null) {
            newest = Math.max(newest, partitionDeletion.ts());
        }
        for (RangeDeletion range : rangeDeletions) {
            newest = Math.max(newest, range.ts());
        }
        for (RawRow row : rows) {
            newest = Math.max(newest, row.newestTs());
        }
        return newest;
    }

    /** Where the change was read: node, commit-log segment and position. */
    public String sourcePosition() {
        return node + ":" + segment + ":" + position;
    }

    /**
     * The node of a {@link #sourcePosition()}: all before its last two colons (a node may be an
     * IPv6 address); of a snapshot's "snapshot:id", "snapshot".
     */
    public static String nodeOf(String sourcePosition) {
        int last = sourcePosition.lastIndexOf(':');
        if (last < 0) {
            return sourcePosition;
        }
        int segment = sourcePosition.lastIndexOf(':', last - 1);
        return sourcePosition.substring(0, segment < 0 ? last : segment);
    }

    /** A deletion: its timestamp (µs) and when it happened (seconds). */
    public record Deletion(long ts, long deletedAt) {
    }

    /** One end of a range deletion: a clustering prefix (empty: unbounded). */
    public record Bound(ObjectNode clustering, boolean inclusive) {
    }

    public record RangeDeletion(Bound start, Bound end, long ts, long deletedAt) {
    }

    /** The row marker written by INSERT: its timestamp and, when expiring, TTL and expiry (s). */
    public record Liveness(long ts, int ttl, long expiresAt) {
        public boolean expiring() {
            return ttl > 0;
        }
    }

    /**
     * A cell: a value (with {@code ttl} and {@code expiresAt} in seconds when expiring), or a
     * tombstone deleted at {@code deletedAt} (s); {@code path} is set for an element of a
     * collection or UDT.
     */
    public record RawCell(String column, long ts, JsonNode path, JsonNode value, boolean tombstone, int ttl,
                          long expiresAt, long deletedAt) {
    }

    /**
     * A collection or UDT column replaced or set to null: its elements older than {@code ts} are
     * gone; {@code deletedAt} (s) is when.
     */
    public record Cleared(String column, long ts, long deletedAt) {
    }

    /** A row of the update; {@code clustering} is null for the static row. */
    public record RawRow(boolean isStatic, ObjectNode clustering, Liveness liveness, Deletion deletion,
                         List<RawCell> cells, List<Cleared> cleared) {
        /** The newest timestamp (µs) in the row. */
        public long newestTs() {
            long newest = Long.MIN_VALUE;
            if (liveness != null) {
                newest = Math.max(newest, liveness.ts());
            }
            if (deletion != null) {
                newest = Math.max(newest, deletion.ts());
            }
            for (RawCell cell : cells) {
                newest = Math.max(newest, cell.ts());
            }
            for (Cleared clear : cleared) {
                newest = Math.max(newest, clear.ts());
            }
            return newest;
        }
    }
}
