package io.ckbridge.rawchange;

import static io.ckbridge.rawchange.RawChangeFormat.ABORTED;
import static io.ckbridge.rawchange.RawChangeFormat.CELLS;
import static io.ckbridge.rawchange.RawChangeFormat.CLEARED;
import static io.ckbridge.rawchange.RawChangeFormat.CLUSTERING;
import static io.ckbridge.rawchange.RawChangeFormat.COLUMN;
import static io.ckbridge.rawchange.RawChangeFormat.DELETED_AT;
import static io.ckbridge.rawchange.RawChangeFormat.DELETION;
import static io.ckbridge.rawchange.RawChangeFormat.DIGEST;
import static io.ckbridge.rawchange.RawChangeFormat.END;
import static io.ckbridge.rawchange.RawChangeFormat.EXPIRES_AT;
import static io.ckbridge.rawchange.RawChangeFormat.INCLUSIVE;
import static io.ckbridge.rawchange.RawChangeFormat.KEY;
import static io.ckbridge.rawchange.RawChangeFormat.KEYSPACE;
import static io.ckbridge.rawchange.RawChangeFormat.KIND;
import static io.ckbridge.rawchange.RawChangeFormat.LIVENESS;
import static io.ckbridge.rawchange.RawChangeFormat.NODE;
import static io.ckbridge.rawchange.RawChangeFormat.PARTITION_DELETION;
import static io.ckbridge.rawchange.RawChangeFormat.PATH;
import static io.ckbridge.rawchange.RawChangeFormat.POSITION;
import static io.ckbridge.rawchange.RawChangeFormat.RANGE_DELETIONS;
import static io.ckbridge.rawchange.RawChangeFormat.ROWS;
import static io.ckbridge.rawchange.RawChangeFormat.SCHEMA_VERSION;
import static io.ckbridge.rawchange.RawChangeFormat.SEGMENT;
import static io.ckbridge.rawchange.RawChangeFormat.SNAPSHOT_ID;
import static io.ckbridge.rawchange.RawChangeFormat.SNAPSHOT_NODE;
import static io.ckbridge.rawchange.RawChangeFormat.START;
import static io.ckbridge.rawchange.RawChangeFormat.STATIC;
import static io.ckbridge.rawchange.RawChangeFormat.TABLE;
import static io.ckbridge.rawchange.RawChangeFormat.TABLE_ID;
import static io.ckbridge.rawchange.RawChangeFormat.TOMBSTONE;
import static io.ckbridge.rawchange.RawChangeFormat.TS;
import static io.ckbridge.rawchange.RawChangeFormat.TTL;
import static io.ckbridge.rawchange.RawChangeFormat.V;
import static io.ckbridge.rawchange.RawChangeFormat.VALUE;
import static io.ckbridge.rawchange.RawChangeFormat.VERSION;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ckbridge.rawchange.RawChange.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one raw change message (format v1), streaming: the CDC publishers write every change
 * through it, the materializer's snapshot every row. Values come as JSON text (Cassandra's own
 * JSON of each value), written as they are.
 *
 * <p>Calls follow the message's order: a factory (the header), {@link #key}, the partition and
 * range deletions, then per {@link #row} its liveness and deletion, cells, cleared columns; then
 * {@link #finish}. The header comes before the key so that {@link RawChangeHeader} can stop there.
 */
public final class RawChangeWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final JsonGenerator json;
    private boolean keyWritten;
    private boolean rangesOpen;
    private boolean rowsOpen;
    private boolean inRow;
    private boolean cellsOpen;
    private boolean cellsWritten;
    private boolean clearedOpen;

    private RawChangeWriter() {
        try {
            json = RawChangeFormat.JSON.getFactory().createGenerator(bytes);
            json.writeStartObject();
            json.writeNumberField(V, VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A partition update read from a node's commit log, at the byte {@code position} after it. */
    public static RawChangeWriter change(String node, long segment, long position, String keyspace, String table,
                                         String tableId, String schemaVersion, String digest) {
        RawChangeWriter writer = new RawChangeWriter();
        io(() -> {
            writer.json.writeStringField(NODE, node);
            writer.json.writeNumberField(SEGMENT, segment);
            writer.json.writeNumberField(POSITION, position);
            writer.json.writeStringField(KEYSPACE, keyspace);
            writer.json.writeStringField(TABLE, table);
            writer.json.writeStringField(TABLE_ID, tableId);
            writer.json.writeStringField(SCHEMA_VERSION, schemaVersion);
            writer.json.writeStringField(DIGEST, digest);
        });
        return writer;
    }

    /** A row read by snapshot {@code snapshotId}; {@code schemaVersion} may be null. */
    public static RawChangeWriter snapshotRow(String keyspace, String table, String snapshotId, String schemaVersion) {
        RawChangeWriter writer = snapshotHeader(Kind.SNAPSHOT_ROW, keyspace, table, snapshotId);
        if (schemaVersion != null) {
            io(() -> {
                writer.json.writeStringField(SCHEMA_VERSION, schemaVersion);
            });
        }
        return writer;
    }

    /** The whole marker a snapshot sends to every partition before ({@code SNAPSHOT_START}) and after its rows. */
    public static byte[] snapshotMarker(Kind kind, String keyspace, String table, String snapshotId) {
        if (kind != Kind.SNAPSHOT_START && kind != Kind.SNAPSHOT_END) {
            throw new IllegalArgumentException(kind + " is not a snapshot marker");
        }
        return snapshotHeader(kind, keyspace, table, snapshotId).end();
    }

    /**
     * The end marker of a snapshot that failed before reading every row: the materializer stops
     * holding the table's changes as at a normal end; {@code reason} says why it stopped.
     */
    public static byte[] snapshotAbort(String keyspace, String table, String snapshotId, String reason) {
        RawChangeWriter writer = snapshotHeader(Kind.SNAPSHOT_END, keyspace, table, snapshotId);
        io(() -> writer.json.writeStringField(ABORTED, reason));
        return writer.end();
    }

    private static RawChangeWriter snapshotHeader(Kind kind, String keyspace, String table, String snapshotId) {
        RawChangeWriter writer = new RawChangeWriter();
        io(() -> {
            writer.json.writeStringField(KIND, kind.wireName());
            writer.json.writeStringField(NODE, SNAPSHOT_NODE);
            writer.json.writeStringField(KEYSPACE, keyspace);
            writer.json.writeStringField(TABLE, table);
            writer.json.writeStringField(SNAPSHOT_ID, snapshotId);
        });
        return writer;
    }

    /** The partition key as a JSON object ({@link JsonColumns#toJsonObject()}). */
    public RawChangeWriter key(String keyJson) {
        io(() -> {
            json.writeFieldName(KEY);
            json.writeRawValue(keyJson);
        });
        keyWritten = true;
        return this;
    }

    /** The whole partition deleted at {@code ts} (µs), {@code deletedAt} (s). */
    public RawChangeWriter partitionDeletion(long ts, long deletedAt) {
        expectBeforeRanges("partitionDeletion");
        io(() -> {
            json.writeFieldName(PARTITION_DELETION);
            deletion(ts, deletedAt);
        });
        return this;
    }

    /** Rows between two clustering prefixes deleted at {@code ts} (µs); an empty prefix is unbounded. */
    public RawChangeWriter rangeDeletion(JsonColumns start, boolean startInclusive, JsonColumns end,
                                         boolean endInclusive, long ts, long deletedAt) {
        expectKey();
        if (rowsOpen) {
            throw new IllegalStateException("range deletions come before the rows");
        }
        io(() -> {
            if (!rangesOpen) {
                json.writeArrayFieldStart(RANGE_DELETIONS);
                rangesOpen = true;
            }
            json.writeStartObject();
            bound(START, start, startInclusive);
            bound(END, end, endInclusive);
            json.writeNumberField(TS, ts);
            json.writeNumberField(DELETED_AT, deletedAt);
            json.writeEndObject();
        });
        return this;
    }

    /** Starts a row: the static row, or a row with its clustering (empty for a table without). */
    public RawChangeWriter row(boolean isStatic, JsonColumns clustering) {
        expectKey();
        io(() -> {
            closeRow();
            if (rangesOpen) {
                json.writeEndArray();
                rangesOpen = false;
            }
            if (!rowsOpen) {
                json.writeArrayFieldStart(ROWS);
                rowsOpen = true;
            }
            json.writeStartObject();
            json.writeBooleanField(STATIC, isStatic);
            if (!isStatic) {
                json.writeFieldName(CLUSTERING);
                columns(clustering);
            }
        });
        inRow = true;
        return this;
    }

    /** The row marker (INSERT): its timestamp (µs) and, with a {@code ttl} above 0, its expiry (s). */
    public RawChangeWriter liveness(long ts, int ttl, long expiresAt) {
        expectRowHead("liveness");
        io(() -> {
            json.writeObjectFieldStart(LIVENESS);
            json.writeNumberField(TS, ts);
            if (ttl > 0) {
                json.writeNumberField(TTL, ttl);
                json.writeNumberField(EXPIRES_AT, expiresAt);
            }
            json.writeEndObject();
        });
        return this;
    }

    /** The row deleted at {@code ts} (µs), {@code deletedAt} (s). */
    public RawChangeWriter rowDeletion(long ts, long deletedAt) {
        expectRowHead("deletion");
        io(() -> {
            json.writeFieldName(DELETION);
            deletion(ts, deletedAt);
        });
        return this;
    }

    /**
     * A live cell written at {@code ts} (µs); {@code pathJson} names a collection or UDT element
     * (null for a whole value); with a {@code ttl} above 0 it expires at {@code expiresAt} (s).
     */
    public RawChangeWriter cell(String column, long ts, String pathJson, String valueJson, int ttl, long expiresAt) {
        io(() -> {
            startCell(column, ts, pathJson);
            json.writeFieldName(VALUE);
            json.writeRawValue(valueJson);
            if (ttl > 0) {
                json.writeNumberField(TTL, ttl);
                json.writeNumberField(EXPIRES_AT, expiresAt);
            }
            json.writeEndObject();
        });
        return this;
    }

    /** A deleted cell (or collection element) at {@code ts} (µs), deleted at {@code deletedAt} (s). */
    public RawChangeWriter tombstone(String column, long ts, String pathJson, long deletedAt) {
        io(() -> {
            startCell(column, ts, pathJson);
            json.writeBooleanField(TOMBSTONE, true);
            json.writeNumberField(DELETED_AT, deletedAt);
            json.writeEndObject();
        });
        return this;
    }

    /** A collection or UDT column replaced or set to null at {@code ts}: its older elements are gone. */
    public RawChangeWriter cleared(String column, long ts, long deletedAt) {
        expectRow();
        io(() -> {
            if (!clearedOpen) {
                closeCells();
                json.writeArrayFieldStart(CLEARED);
                clearedOpen = true;
            }
            json.writeStartObject();
            json.writeStringField(COLUMN, column);
            json.writeNumberField(TS, ts);
            json.writeNumberField(DELETED_AT, deletedAt);
            json.writeEndObject();
        });
        return this;
    }

    /** The message; the writer is done. */
    public byte[] finish() {
        expectKey();
        io(() -> {
            closeRow();
            if (rangesOpen) {
                json.writeEndArray();
                rangesOpen = false;
            }
            if (!rowsOpen) {
                json.writeArrayFieldStart(ROWS);
            }
            json.writeEndArray();
        });
        return end();
    }

    /** A write to the generator; it writes into memory, so an I/O error is a bug. */
    private interface Write {
        void run() throws IOException;
    }

    private static void io(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] end() {
        io(() -> {
            json.writeEndObject();
            json.close();
        });
        return bytes.toByteArray();
    }

    private void startCell(String column, long ts, String pathJson) throws IOException {
        expectRow();
        if (clearedOpen) {
            throw new IllegalStateException("cells come before the cleared columns");
        }
        if (!cellsOpen) {
            json.writeArrayFieldStart(CELLS);
            cellsOpen = true;
            cellsWritten = true;
        }
        json.writeStartObject();
        json.writeStringField(COLUMN, column);
        json.writeNumberField(TS, ts);
        if (pathJson != null) {
            json.writeFieldName(PATH);
            json.writeRawValue(pathJson);
        }
    }

    private void closeCells() throws IOException {
        if (cellsOpen) {
            json.writeEndArray();
            cellsOpen = false;
        } else if (!cellsWritten) {
            json.writeArrayFieldStart(CELLS); // every row has its cells, if none
            json.writeEndArray();
            cellsWritten = true;
        }
    }

    private void closeRow() throws IOException {
        if (!inRow) {
            return;
        }
        closeCells();
        if (clearedOpen) {
            json.writeEndArray();
            clearedOpen = false;
        }
        json.writeEndObject();
        inRow = false;
        cellsWritten = false;
    }

    private void bound(String name, JsonColumns clustering, boolean inclusive) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeFieldName(CLUSTERING);
        columns(clustering);
        json.writeBooleanField(INCLUSIVE, inclusive);
        json.writeEndObject();
    }

    private void columns(JsonColumns columns) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            json.writeFieldName(columns.name(i));
            json.writeRawValue(columns.json(i));
        }
        json.writeEndObject();
    }

    private void deletion(long ts, long deletedAt) throws IOException {
        json.writeStartObject();
        json.writeNumberField(TS, ts);
        json.writeNumberField(DELETED_AT, deletedAt);
        json.writeEndObject();
    }

    private void expectKey() {
        if (!keyWritten) {
            throw new IllegalStateException("the key comes first, after the header");
        }
    }

    private void expectBeforeRanges(String what) {
        expectKey();
        if (rangesOpen || rowsOpen) {
            throw new IllegalStateException(what + " comes before range deletions and rows");
        }
    }

    private void expectRow() {
        if (!inRow) {
            throw new IllegalStateException("no row started");
        }
    }

    private void expectRowHead(String what) {
        expectRow();
        if (cellsWritten || clearedOpen) {
            throw new IllegalStateException(what + " comes before the row's cells");
        }
    }
}
