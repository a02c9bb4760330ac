package io.ckbridge.rawchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.rawchange.RawChange.Cleared;
import io.ckbridge.rawchange.RawChange.Kind;
import io.ckbridge.rawchange.RawChange.RangeDeletion;
import io.ckbridge.rawchange.RawChange.RawCell;
import io.ckbridge.rawchange.RawChange.RawRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every field of the README's raw change table, written by the writer and read back by the reader. */
class RawChangeRoundTripTest {
    private static final String KEY = JsonColumns.of(List.of("customer", "region"), List.of("\"ada\"", "7"))
            .toJsonObject();

    private static byte[] everyField() {
        return RawChangeWriter.change("127.0.0.2", 1795648891458L, 214979, "store", "orders",
                        "04a6c270-e927-11f1-9ec1-61b96c63e029", "dbc39d663035fe26", "1480dd2d6193aa330b0a31a3eb4cf37f")
                .key(KEY)
                .partitionDeletion(100, 1795648800)
                .rangeDeletion(JsonColumns.of(List.of("placed"), List.of("\"2024-01-01\"")), true,
                        JsonColumns.NONE, false, 200, 1795648801)
                .row(true, null)
                .cell("note", 300, null, "\"static note\"", 0, 0)
                .row(false, JsonColumns.of(List.of("placed"), List.of("\"2024-02-01\"")))
                .liveness(400, 86400, 1795735324)
                .rowDeletion(350, 1795648802)
                .cell("status", 400, null, "\"paid\"", 86400, 1795735324)
                .cell("tags", 400, "\"gift\"", "null", 0, 0)
                .cell("items", 400, "\"5b6962dd-3f90-11ed-a3b0-0800200c9a66\"", "12.50", 0, 0)
                .cell("views", 400, null, "5", 0, 0)
                .tombstone("old", 401, null, 1795648803)
                .tombstone("attrs", 402, "\"k\"", 1795648804)
                .cleared("tags", 399, 1795648805)
                .cleared("attrs", 398, 1795648806)
                .finish();
    }

    @Test
    void theHeaderIdentifiesTheChangeAndItsOrigin() {
        RawChange change = RawChangeReader.read(KEY, everyField());

        assertThat(change.kind()).isEqualTo(Kind.CHANGE);
        assertThat(change.node()).isEqualTo("127.0.0.2");
        assertThat(change.segment()).isEqualTo(1795648891458L);
        assertThat(change.position()).isEqualTo(214979);
        assertThat(change.keyspace()).isEqualTo("store");
        assertThat(change.table()).isEqualTo("orders");
        assertThat(change.tableId()).isEqualTo("04a6c270-e927-11f1-9ec1-61b96c63e029");
        assertThat(change.schemaVersion()).isEqualTo("dbc39d663035fe26");
        assertThat(change.digest()).isEqualTo("1480dd2d6193aa330b0a31a3eb4cf37f");
        assertThat(change.keyText()).isEqualTo("{\"customer\":\"ada\",\"region\":7}");
        assertThat(change.key().toString()).isEqualTo(change.keyText());
        assertThat(change.sourcePosition()).isEqualTo("127.0.0.2:1795648891458:214979");
    }

    @Test
    void partitionAndRangeDeletions() {
        RawChange change = RawChangeReader.read(KEY, everyField());

        assertThat(change.partitionDeletion()).isEqualTo(new RawChange.Deletion(100, 1795648800));
        assertThat(change.rangeDeletions()).hasSize(1);
        RangeDeletion range = change.rangeDeletions().get(0);
        assertThat(range.start().clustering().toString()).isEqualTo("{\"placed\":\"2024-01-01\"}");
        assertThat(range.start().inclusive()).isTrue();
        assertThat(range.end().clustering().isEmpty()).as("an unbounded end").isTrue();
        assertThat(range.end().inclusive()).isFalse();
        assertThat(range.ts()).isEqualTo(200);
        assertThat(range.deletedAt()).isEqualTo(1795648801);
    }

    @Test
    void rowsWithLivenessDeletionCellsAndClearedColumns() {
        List<RawRow> rows = RawChangeReader.read(KEY, everyField()).rows();

        assertThat(rows).hasSize(2);
        RawRow staticRow = rows.get(0);
        assertThat(staticRow.isStatic()).isTrue();
        assertThat(staticRow.clustering()).isNull();
        assertThat(staticRow.cells()).extracting(RawCell::column, cell -> cell.value().asText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("note", "static note"));
        RawRow row = rows.get(1);
        assertThat(row.isStatic()).isFalse();
        assertThat(row.clustering().toString()).isEqualTo("{\"placed\":\"2024-02-01\"}");
        assertThat(row.liveness()).isEqualTo(new RawChange.Liveness(400, 86400, 1795735324));
        assertThat(row.liveness().expiring()).isTrue();
        assertThat(row.deletion()).isEqualTo(new RawChange.Deletion(350, 1795648802));
        assertThat(row.cleared()).containsExactly(new Cleared("tags", 399, 1795648805),
                new Cleared("attrs", 398, 1795648806));
        assertThat(row.newestTs()).isEqualTo(402);

        List<RawCell> cells = row.cells();
        assertThat(cells).extracting(RawCell::column).containsExactly("status", "tags", "items", "views", "old",
                "attrs");
        RawCell status = cells.get(0);
        assertThat(status.ts()).isEqualTo(400);
        assertThat(status.value().asText()).isEqualTo("paid");
        assertThat(status.path()).isNull();
        assertThat(status.tombstone()).isFalse();
        assertThat(status.ttl()).isEqualTo(86400);
        assertThat(status.expiresAt()).isEqualTo(1795735324);
        assertThat(cells.get(1).path().asText()).as("a set element is its path").isEqualTo("gift");
        assertThat(cells.get(1).value().isNull()).isTrue();
        assertThat(cells.get(2).path().asText()).isEqualTo("5b6962dd-3f90-11ed-a3b0-0800200c9a66");
        assertThat(cells.get(2).value().decimalValue()).as("decimals stay exact").isEqualByComparingTo("12.50");
        assertThat(cells.get(3).value().asLong()).as("a counter's total").isEqualTo(5);
        assertThat(cells.get(3).ttl()).isZero();
        RawCell deleted = cells.get(4);
        assertThat(deleted.tombstone()).isTrue();
        assertThat(deleted.value()).isNull();
        assertThat(deleted.deletedAt()).isEqualTo(1795648803);
        assertThat(cells.get(5).tombstone()).isTrue();
        assertThat(cells.get(5).path().asText()).isEqualTo("k");
    }

    @Test
    void theWriteTimeIsTheNewestTimestampOfAnything() {
        assertThat(RawChangeReader.read(KEY, everyField()).writeTimeMicros()).isEqualTo(402);
    }

    @Test
    void theHeaderIsReadWithoutTheRest() {
        RawChangeHeader header = RawChangeHeader.read(everyField());

        assertThat(header).isNotNull();
        assertThat(header.isChange()).isTrue();
        assertThat(header.digest()).isEqualTo("1480dd2d6193aa330b0a31a3eb4cf37f");
        assertThat(header.qualifiedTable()).isEqualTo("store.orders");
        assertThat(header.sourcePosition()).isEqualTo("127.0.0.2:1795648891458:214979");
    }

    @Test
    void aChangeWithoutRowsStillHasItsRowsArray() throws Exception {
        byte[] message = RawChangeWriter.change("n", 1, 2, "ks", "t", "id", "sv", "d").key("{\"pk\":1}")
                .partitionDeletion(5, 6).finish();

        assertThat(RawChangeFormat.JSON.readTree(message).path(RawChangeFormat.ROWS).isArray()).isTrue();
        assertThat(RawChangeReader.read("{\"pk\":1}", message).rows()).isEmpty();
    }

    @Test
    void snapshotRowsAndMarkers() {
        byte[] row = RawChangeWriter.snapshotRow("ks", "t", "s-1", null).key("{\"pk\":1}")
                .row(false, JsonColumns.NONE).liveness(10, 0, 0).cell("v", 10, null, "\"x\"", 0, 0).finish();
        byte[] start = RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_START, "ks", "t", "s-1");
        byte[] end = RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_END, "ks", "t", "s-1");

        RawChange read = RawChangeReader.read("{\"pk\":1}", row);
        assertThat(read.kind()).isEqualTo(Kind.SNAPSHOT_ROW);
        assertThat(read.node()).isEqualTo(RawChangeFormat.SNAPSHOT_NODE);
        assertThat(read.snapshotId()).isEqualTo("s-1");
        assertThat(read.schemaVersion()).isNull();
        assertThat(read.rows().get(0).clustering().isEmpty()).isTrue();
        assertThat(read.rows().get(0).liveness().expiring()).isFalse();
        assertThat(RawChangeReader.read(null, start).kind()).isEqualTo(Kind.SNAPSHOT_START);
        assertThat(RawChangeReader.read(null, end).kind()).isEqualTo(Kind.SNAPSHOT_END);
        assertThat(RawChangeReader.read(null, end).snapshotId()).isEqualTo("s-1");
        assertThat(RawChangeReader.read(null, end).abortReason()).isNull();
        assertThat(RawChangeHeader.read(start).isChange()).isFalse();
    }

    @Test
    void anAbortedSnapshotEndsWithAnEndMarkerThatSaysWhy() {
        byte[] abort = RawChangeWriter.snapshotAbort("ks", "t", "s-1", "read timed out");

        RawChange read = RawChangeReader.read(null, abort);
        assertThat(read.kind()).as("readers that do not know the field see a normal end").isEqualTo(Kind.SNAPSHOT_END);
        assertThat(read.snapshotId()).isEqualTo("s-1");
        assertThat(read.qualifiedTable()).isEqualTo("ks.t");
        assertThat(read.abortReason()).isEqualTo("read timed out");
    }

    @Test
    void theWriterKeepsTheMessagesOrder() {
        assertThatThrownBy(() -> RawChangeWriter.change("n", 1, 2, "ks", "t", "id", "sv", "d")
                .row(false, JsonColumns.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> RawChangeWriter.change("n", 1, 2, "ks", "t", "id", "sv", "d").key("{}")
                .row(false, JsonColumns.NONE).cell("v", 1, null, "1", 0, 0).liveness(1, 0, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the row's cells");
        assertThatThrownBy(() -> RawChangeWriter.change("n", 1, 2, "ks", "t", "id", "sv", "d").key("{}")
                .row(false, JsonColumns.NONE).rangeDeletion(JsonColumns.NONE, true, JsonColumns.NONE, true, 1, 1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyTextEscapesColumnNamesAsJsonDoes() throws Exception {
        assertThat(JsonColumns.of(List.of("a\"b"), List.of("1")).toJsonObject()).isEqualTo("{\"a\\\"b\":1}");
        String odd = JsonColumns.of(List.of("back\\slash", "tab\t"), List.of("1", "2")).toJsonObject();
        assertThat(RawChangeFormat.JSON.readTree(odd).fieldNames()).toIterable()
                .containsExactly("back\\slash", "tab\t");
    }

    @Test
    void badMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> RawChangeReader.read("{}", "{\"v\":2}".getBytes()))
                .hasMessageContaining("format version 2 is not 1");
        assertThatThrownBy(() -> RawChangeReader.read("{}", "{\"v\":1,\"keyspace\":\"k\",\"table\":\"t\"}".getBytes()))
                .hasMessageContaining("no \"key\" object");
        assertThatThrownBy(() -> RawChangeReader.read("{}", "{\"v\":1,\"kind\":\"odd\"}".getBytes()))
                .hasMessageContaining("unknown kind \"odd\"");
    }
}
