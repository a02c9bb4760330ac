package io.ckbridge.cdc.read;

import static io.ckbridge.cdc.read.SegmentFiles.SYNC_MARKER_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.OfflineCassandra;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.rows.DeserializationHelper;
import org.apache.cassandra.io.util.DataInputBuffer;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading segments that {@link SegmentFiles} wrote as Cassandra lays them out. */
class SegmentReaderTest {
    private static final String KS = "segment_reader";
    private static final long SEGMENT_ID = 1_795_648_891_458L;

    private final SegmentReader reader = new SegmentReader();

    @TempDir
    Path cdcRaw;

    @BeforeAll
    static void schema() {
        OfflineCassandra.schema(KS, "CREATE TABLE events (id int PRIMARY KEY, v text) WITH cdc = true");
    }

    @Test
    void readsTheEntriesThatEndUpToTheGivenOffset() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2)), List.of(event(3))));

        SegmentReader.Result all = reader.read(written.segment(), 0, written.end());
        SegmentReader.Result firstTwo = reader.read(written.segment(), 0, written.entryEnds().get(1));
        SegmentReader.Result notTheSecondYet = reader.read(written.segment(), 0, written.entryEnds().get(1) - 1);

        assertThat(ids(all)).containsExactly(1, 2, 3);
        assertThat(all.entries()).extracting(SegmentReader.Entry::endOffset).isEqualTo(written.entryEnds());
        assertThat(all.complete()).isTrue();
        assertThat(ids(firstTwo)).containsExactly(1, 2);
        assertThat(ids(notTheSecondYet)).containsExactly(1);
    }

    @Test
    void resumingAtAnEntrysEndReturnsOnlyTheLaterEntries() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2)), List.of(event(3), event(4))));

        SegmentReader.Result afterFirst = reader.read(written.segment(), written.entryEnds().get(0), written.end());
        SegmentReader.Result afterFirstSection = reader.read(written.segment(), written.entryEnds().get(1),
                written.end());
        SegmentReader.Result nothingNew = reader.read(written.segment(), written.end(), written.end());

        assertThat(ids(afterFirst)).containsExactly(2, 3, 4);
        assertThat(ids(afterFirstSection)).containsExactly(3, 4);
        assertThat(nothingNew.entries()).isEmpty();
    }

    @Test
    void aMutationOfATableTheSchemaLacksIsReportedAndReadOnceTheSchemaHasIt() throws IOException {
        OfflineCassandra.schema(KS, "CREATE TABLE created_later (id int PRIMARY KEY, v text) WITH cdc = true");
        TableMetadata createdLater = Schema.instance.getTableMetadata(KS, "created_later");
        Mutation ofCreatedLater = OfflineCassandra.mutation(KS, "INSERT INTO created_later (id, v) VALUES (7, 'x')",
                1000, 1);
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), ofCreatedLater, event(3))));
        OfflineCassandra.forgetTable(KS, "created_later");

        SegmentReader.Result unknown = reader.read(written.segment(), 0, written.end());
        OfflineCassandra.schema(KS, "CREATE TABLE created_later (id int PRIMARY KEY, v text) "
                + "WITH cdc = true AND id = " + createdLater.id.asUUID());
        SegmentReader.Result known = reader.read(written.segment(), 0, written.end());

        assertThat(ids(unknown)).containsExactly(1, 3);
        assertThat(unknown.unreadable()).singleElement().satisfies(entry -> {
            assertThat(entry.tableId()).isEqualTo(createdLater.id);
            assertThat(entry.endOffset()).isEqualTo(written.entryEnds().get(1));
            assertThat(Mutation.serializer.deserialize(new DataInputBuffer(entry.bytes()), entry.messagingVersion(),
                    DeserializationHelper.Flag.LOCAL).key()).isEqualTo(ofCreatedLater.key());
        });
        assertThat(unknown.damaged()).isFalse();
        assertThat(unknown.complete()).isFalse();
        assertThat(ids(known)).containsExactly(1, 7, 3);
        assertThat(known.complete()).isTrue();
    }

    @Test
    void aMutationWithAColumnTheSchemaLacksIsReportedUndecodable() throws IOException {
        OfflineCassandra.schema(KS, "CREATE TABLE widened (id int PRIMARY KEY, v text, w int) WITH cdc = true");
        Mutation withW = OfflineCassandra.mutation(KS, "INSERT INTO widened (id, v, w) VALUES (5, 'x', 1)", 1000, 1);
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), withW, event(3))));
        OfflineCassandra.replaceTable(Schema.instance.getTableMetadata(KS, "widened").unbuild()
                .removeRegularOrStaticColumn(ColumnIdentifier.getInterned("w", false)).build());

        SegmentReader.Result result = reader.read(written.segment(), 0, written.end());

        assertThat(ids(result)).containsExactly(1, 3);
        assertThat(result.unreadable()).singleElement().satisfies(entry -> {
            assertThat(entry.reason()).contains("Unknown column w");
            assertThat(entry.tableId()).isNull();
            assertThat(entry.endOffset()).isEqualTo(written.entryEnds().get(1));
            assertThat(entry.bytes()).isNotEmpty();
            assertThat(savedCopy(entry.reason())).as("Cassandra's temporary copy, removed").doesNotExist();
        });
        assertThat(result.complete()).isFalse();
    }

    @Test
    void aSectionWhoseMarkerIsNotWrittenYetEndsTheRead() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1)), List.of(event(2))));
        // Cassandra zeroes the next marker when it syncs a section: the section after it is being written
        SegmentFiles.overwrite(written.segment().log(), written.entryEnds().get(0), new byte[SYNC_MARKER_SIZE]);

        SegmentReader.Result durable = reader.read(written.segment(), 0, written.entryEnds().get(0));
        SegmentReader.Result claimedDurable = reader.read(written.segment(), 0, written.end());

        assertThat(ids(durable)).containsExactly(1);
        assertThat(durable.complete()).isTrue();
        assertThat(ids(claimedDurable)).containsExactly(1);
        assertThat(claimedDurable.damaged()).as("the index said the second section was synced").isTrue();
    }

    @Test
    void aFileThatEndsAtASectionsEndGivesTheSectionsBeforeIt() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2)), List.of(event(3))));
        SegmentFiles.truncate(written.segment().log(), written.entryEnds().get(1));

        SegmentReader.Result durable = reader.read(written.segment(), 0, written.entryEnds().get(1));
        SegmentReader.Result claimedDurable = reader.read(written.segment(), 0, written.end());

        assertThat(ids(durable)).containsExactly(1, 2);
        assertThat(durable.complete()).isTrue();
        assertThat(ids(claimedDurable)).containsExactly(1, 2);
        assertThat(claimedDurable.damaged()).isTrue();
        assertThat(claimedDurable.verifiedOffset()).isEqualTo(written.entryEnds().get(1));
    }

    /** What a node killed with kill -9 leaves once it restarted: COMPLETED, durable to the file's end, zeros after. */
    @Test
    void aSegmentDurableToItsEndWhoseNextMarkerIsZerosEndsAtItsLastEntryNotInDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2)), List.of(event(3))));
        int length = 64 * 1024;
        SegmentFiles.overwrite(written.segment().log(), length - 1, new byte[] {0});

        SegmentReader.Result replayed = reader.read(written.segment(), 0, length);
        SegmentReader.Result shortOfTheEnd = reader.read(written.segment(), 0, length - 1024);
        // a mutation written to the mapped file but never synced, after the unwritten marker
        SegmentFiles.overwrite(written.segment().log(), written.end() + 20, new byte[] {7, 7, 7});
        SegmentReader.Result unsyncedBytesInTheTail = reader.read(written.segment(), 0, length);
        SegmentFiles.overwrite(written.segment().log(), written.end(), new byte[] {0, 0, 0, 9});
        SegmentReader.Result aMarkerThatIsNotZeros = reader.read(written.segment(), 0, length);

        assertThat(ids(replayed)).containsExactly(1, 2, 3);
        assertThat(replayed.complete()).isTrue();
        assertThat(replayed.errors()).isEmpty();
        assertThat(shortOfTheEnd.damaged()).isTrue();
        assertThat(ids(unsyncedBytesInTheTail)).containsExactly(1, 2, 3);
        assertThat(unsyncedBytesInTheTail.complete()).isTrue();
        assertThat(unsyncedBytesInTheTail.errors()).isEmpty();
        assertThat(aMarkerThatIsNotZeros.damaged()).isTrue();
        assertThat(aMarkerThatIsNotZeros.verifiedOffset()).isEqualTo(written.end());
    }

    @Test
    void aSectionCutShortBelowTheDurableOffsetIsReportedAsDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1)), List.of(event(2), event(3), event(4))));
        SegmentFiles.truncate(written.segment().log(), written.entryEnds().get(3) - 2);

        SegmentReader.Result result = reader.read(written.segment(), 0, written.end());

        // the section's marker points past the end of the file: "bad position but valid CRC"
        assertThat(ids(result)).containsExactly(1);
        assertThat(result.damaged()).isTrue();
        assertThat(result.complete()).isFalse();
        assertThat(result.verifiedOffset()).isEqualTo(written.entryEnds().get(0));
        assertThat(result.errors()).singleElement().asString().contains("bad position");
    }

    @Test
    void aCorruptSyncMarkerBelowTheDurableOffsetIsReportedAsDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1)), List.of(event(2))));
        SegmentFiles.overwrite(written.segment().log(), written.entryEnds().get(0) + 4, new byte[] {1, 2, 3, 4});

        SegmentReader.Result result = reader.read(written.segment(), 0, written.end());

        assertThat(ids(result)).containsExactly(1);
        assertThat(result.damaged()).isTrue();
        assertThat(result.verifiedOffset()).isEqualTo(written.entryEnds().get(0));
        assertThat(result.errors()).singleElement().asString().contains("invalid CRC");
    }

    /** A table dropped or truncated closes the active segment: its last section may be just its marker. */
    @Test
    void aLastSectionOfOnlyItsMarkerIsReadAsCompleteNotAsDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2)), List.of()));

        SegmentReader.Result whole = reader.read(written.segment(), 0, written.syncedEnd());
        SegmentReader.Result afterTheEntries = reader.read(written.segment(), written.end(), written.syncedEnd());

        assertThat(written.syncedEnd()).isEqualTo(written.end() + SYNC_MARKER_SIZE);
        assertThat(ids(whole)).containsExactly(1, 2);
        assertThat(whole.complete()).isTrue();
        assertThat(whole.verifiedOffset()).isEqualTo(written.syncedEnd());
        assertThat(afterTheEntries.entries()).isEmpty();
        assertThat(afterTheEntries.complete()).isTrue();
        assertThat(afterTheEntries.skippedBytes()).isZero();
    }

    @Test
    void aCorruptMarkerOfAnEmptyLastSectionIsDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1)), List.of()));
        SegmentFiles.overwrite(written.segment().log(), written.end() + 4, new byte[] {1, 2, 3, 4});

        SegmentReader.Result result = reader.read(written.segment(), written.end(), written.syncedEnd());

        assertThat(result.damaged()).isTrue();
        assertThat(result.verifiedOffset()).isEqualTo(written.end());
    }

    @Test
    void damagePastTheDurableOffsetIsASectionBeingWrittenAndNoDamage() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1)), List.of(event(2))));
        SegmentFiles.overwrite(written.segment().log(), written.entryEnds().get(0) + 4, new byte[] {1, 2, 3, 4});

        SegmentReader.Result result = reader.read(written.segment(), 0, written.entryEnds().get(0));

        assertThat(ids(result)).containsExactly(1);
        assertThat(result.damaged()).isFalse();
        assertThat(result.complete()).isTrue();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void aCorruptByteInAnEntryStopsTheReadBeforeItAndPastDamageReadsTheEntriesAfterIt() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2), event(3)), List.of(event(4))));
        SegmentFiles.overwrite(written.segment().log(), written.entryEnds().get(1) - 6, new byte[] {0x55});

        SegmentReader.Result stopped = reader.read(written.segment(), 0, written.end());
        SegmentReader.Result past = reader.read(written.segment(), 0, written.end(), true);

        assertThat(ids(stopped)).containsExactly(1);
        assertThat(stopped.damaged()).isTrue();
        assertThat(stopped.verifiedOffset()).isEqualTo(written.entryEnds().get(0));
        assertThat(stopped.errors()).singleElement().asString().contains("Mutation checksum failure");
        assertThat(ids(past)).containsExactly(1, 3, 4);
        assertThat(past.damaged()).isFalse();
        assertThat(past.errors()).hasSize(1);
        assertThat(past.skippedBytes()).as("the second entry")
                .isEqualTo(written.entryEnds().get(1) - written.entryEnds().get(0));
        assertThat(stopped.skippedBytes()).isEqualTo(written.end() - written.entryEnds().get(0));
    }

    @Test
    void zeroedBytesBelowTheDurableOffsetAreDamageEvenWithoutAnError() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID,
                List.of(List.of(event(1), event(2), event(3))));
        int secondStart = written.entryEnds().get(0);
        SegmentFiles.overwrite(written.segment().log(), secondStart,
                new byte[written.entryEnds().get(1) - secondStart]);

        SegmentReader.Result result = reader.read(written.segment(), 0, written.end());

        assertThat(ids(result)).containsExactly(1);
        assertThat(result.damaged()).isTrue();
        assertThat(result.errors()).singleElement().asString().contains("zeroed or missing");
    }

    @Test
    void anUnreadableHeaderIsDamageOfTheWholeRange() throws IOException {
        SegmentFiles.WrittenSegment written = SegmentFiles.write(cdcRaw, SEGMENT_ID, List.of(List.of(event(1))));
        SegmentFiles.overwrite(written.segment().log(), 0, new byte[] {9, 9, 9, 9, 9, 9, 9, 9});

        SegmentReader.Result result = reader.read(written.segment(), 0, written.end());

        assertThat(result.entries()).isEmpty();
        assertThat(result.damaged()).isTrue();
        assertThat(result.verifiedOffset()).isZero();
        assertThat(result.errors()).isNotEmpty();
    }

    private static Mutation event(int id) {
        return OfflineCassandra.mutation(KS, "INSERT INTO events (id, v) VALUES (" + id + ", 'v" + id + "')", 1000, 1);
    }

    private static List<Integer> ids(SegmentReader.Result result) {
        return result.entries().stream()
                .map(entry -> Int32Type.instance.compose(entry.mutation().key().getKey()))
                .toList();
    }

    /** Cassandra's reader saves an undecodable mutation to a temporary file and names it in the message. */
    private static Path savedCopy(String message) {
        Matcher saved = Pattern.compile("saved to (\\S+?)\\.\\s").matcher(message);
        assertThat(saved.find()).as("a saved copy named in %s", message).isTrue();
        return Path.of(saved.group(1));
    }
}
