package io.ckbridge.rawchange;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The raw change message format, version 1 (the README's table): every field name and kind in one
 * place. Within a version fields are only added, so readers ignore fields they do not know.
 */
public final class RawChangeFormat {
    public static final int VERSION = 1;

    /** Reads and writes raw change JSON; decimals stay exact. */
    public static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    // The message: its identity first (the header a reader may stop after), then key and content.
    public static final String V = "v";
    public static final String KIND = "kind";
    public static final String NODE = "node";
    public static final String SEGMENT = "segment";
    public static final String POSITION = "position";
    public static final String KEYSPACE = "keyspace";
    public static final String TABLE = "table";
    public static final String TABLE_ID = "tableId";
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String DIGEST = "digest";
    public static final String SNAPSHOT_ID = "snapshotId";
    /** On a snapshot's end marker only: why the snapshot stopped before reading every row. */
    public static final String ABORTED = "aborted";
    public static final String KEY = "key";
    public static final String PARTITION_DELETION = "partitionDeletion";
    public static final String RANGE_DELETIONS = "rangeDeletions";
    public static final String ROWS = "rows";

    // A range deletion: two bounds, each a clustering prefix and whether it is included.
    public static final String START = "start";
    public static final String END = "end";
    public static final String INCLUSIVE = "inclusive";

    // A row.
    public static final String STATIC = "static";
    public static final String CLUSTERING = "clustering";
    public static final String LIVENESS = "liveness";
    public static final String DELETION = "deletion";
    public static final String CELLS = "cells";
    public static final String CLEARED = "cleared";

    // Cells, deletions and liveness.
    public static final String COLUMN = "column";
    public static final String TS = "ts";
    public static final String VALUE = "value";
    public static final String PATH = "path";
    public static final String TTL = "ttl";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String TOMBSTONE = "tombstone";
    public static final String DELETED_AT = "deletedAt";

    /** The node name of messages a snapshot writes. */
    public static final String SNAPSHOT_NODE = "snapshot";

    private RawChangeFormat() {
    }
}
