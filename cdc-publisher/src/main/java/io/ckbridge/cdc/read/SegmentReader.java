package io.ckbridge.cdc.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.commitlog.CommitLogDescriptor;
import org.apache.cassandra.db.commitlog.CommitLogPosition;
import org.apache.cassandra.db.commitlog.CommitLogReadHandler;
import org.apache.cassandra.db.commitlog.CommitLogReader;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.utils.FBUtilities;

/**
 * Reads the mutations of one segment between two offsets with Cassandra's own
 * {@link CommitLogReader}, and says how much of the range it could verify.
 *
 * <p>Cassandra's reader stops silently at a zeroed marker or entry and, through its error
 * handler, at a bad checksum or an early end of file. Past the durable offset of the index file
 * that is normal (a section still being written); below it, it is damage. So every entry whose
 * checksum passed moves the verified offset, and a read that ends before the durable offset
 * reports the damage with the errors the reader gave. Entries that pass their checksum but cannot
 * be decoded (a table or column the schema lacks) are kept with their bytes, so the caller can
 * retry them after a schema reload or quarantine them: nothing is skipped silently.
 */
public final class SegmentReader {
    private static final int SYNC_MARKER_SIZE = 8;
    private static final Pattern SAVED_COPY = Pattern.compile("saved to (\\S+?)\\.\\s");

    /** A mutation and the offset where its entry ends in the segment. */
    public record Entry(Mutation mutation, int endOffset) {
    }

    /**
     * An entry whose checksum is right but which the schema cannot decode.
     *
     * @param tableId the table the schema lacks, or null when the entry failed for another reason
     * @param bytes   the serialized mutation, as the commit log holds it
     */
    public record UnreadableEntry(int endOffset, TableId tableId, String reason, int messagingVersion,
            byte[] bytes) {
    }

    /**
     * What a read found.
     *
     * @param verifiedOffset where the last entry the reader could check ends (at least the start offset)
     * @param errors         what Cassandra's reader reported while reading, in order
     * @param skippedBytes   bytes of the range no entry could be read from (past damage, or after the verified offset)
     */
    public record Result(List<Entry> entries, List<UnreadableEntry> unreadable, int fromOffset, int toOffset,
            int verifiedOffset, List<String> errors, long skippedBytes) {

        /** True when bytes below the durable offset could not be read: the segment is damaged there. */
        public boolean damaged() {
            return verifiedOffset < toOffset;
        }

        /** True when every entry of the range was read and decoded. */
        public boolean complete() {
            return !damaged() && unreadable.isEmpty();
        }
    }

    /**
     * Reads the entries that end in (fromOffset, toOffset]. With {@code pastDamage} the read goes on
     * after a damaged entry or section with the next one it can find, for a loss a person accepted;
     * otherwise it stops at the first error.
     */
    public Result read(CdcSegment segment, int fromOffset, int toOffset, boolean pastDamage) throws IOException {
        Read read = new Read(fromOffset, toOffset, pastDamage);
        read.reader.readCommitLogSegment(read, new File(segment.log().toFile()),
                new CommitLogPosition(segment.id(), fromOffset), CommitLogReader.ALL_MUTATIONS, true);
        if (read.verified < toOffset) {
            read.verified = pastEmptySections(segment, read.verified, toOffset);
        }
        if (read.verified < toOffset && read.errors.isEmpty()
                && endsAtAnUnsyncedSection(segment, read.verified, toOffset)) {
            read.verified = toOffset;
        }
        if (read.verified < toOffset && read.errors.isEmpty()) {
            read.errors.add(read.verified == fromOffset && read.entries.isEmpty() && read.unreadable.isEmpty()
                    ? "nothing could be read after offset " + fromOffset + " (zeroed or missing bytes)"
                    : "the readable entries end at offset " + read.verified + " (zeroed or missing bytes after it)");
        }
        int verified = Math.min(read.verified, toOffset);
        return new Result(read.entries, read.unreadable, fromOffset, toOffset, verified, read.errors,
                read.skipped + (toOffset - verified));
    }

    public Result read(CdcSegment segment, int fromOffset, int toOffset) throws IOException {
        return read(segment, fromOffset, toOffset, false);
    }

    /**
     * Cassandra closes a segment early (a table dropped or truncated, a drain) with a last sync
     * section that holds no entry, only its marker: the durable offset then lies a marker past the
     * last entry. A marker whose checksum passes verifies those bytes; anything else stays damage.
     */
    private static int pastEmptySections(CdcSegment segment, int verified, int toOffset) throws IOException {
        ByteBuffer marker = ByteBuffer.allocate(SYNC_MARKER_SIZE);
        try (FileChannel channel = FileChannel.open(segment.log(), StandardOpenOption.READ)) {
            while (verified + SYNC_MARKER_SIZE <= toOffset) {
                marker.clear();
                int read = 0;
                while (marker.hasRemaining() && read >= 0) {
                    read = channel.read(marker, verified + marker.position());
                }
                if (marker.hasRemaining() || marker.getInt(0) != verified + SYNC_MARKER_SIZE
                        || marker.getInt(4) != markerChecksum(segment.id(), verified)) {
                    break;
                }
                verified += SYNC_MARKER_SIZE;
            }
        }
        return verified;
    }

    /**
     * A node killed with {@code kill -9} replays its segments on restart and marks each one in
     * cdc_raw COMPLETED with its whole length as durable, though its synced sections end where the
     * node stopped. After the last one comes the marker of a section never synced, still zeros, then
     * zeros or the bytes of mutations written to the mapped file but never synced (the page cache
     * outlives the process; seen on 5.0.6 with both). Cassandra's replay ends a segment at such a
     * marker, and so does this, for a file declared durable to its very end. A marker that is not
     * zeros, or zeros below a durable offset short of the file's end, stay damage.
     */
    private static boolean endsAtAnUnsyncedSection(CdcSegment segment, int verified, int toOffset)
            throws IOException {
        try (FileChannel channel = FileChannel.open(segment.log(), StandardOpenOption.READ)) {
            if (channel.size() != toOffset) {
                return false;
            }
            ByteBuffer marker = ByteBuffer.allocate(Math.min(SYNC_MARKER_SIZE, toOffset - verified));
            while (marker.hasRemaining()) {
                if (channel.read(marker, verified + marker.position()) < 0) {
                    return false;
                }
            }
            for (int i = 0; i < marker.capacity(); i++) {
                if (marker.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The CRC Cassandra writes into a sync marker: of the segment id's two halves and the marker's offset. */
    private static int markerChecksum(long segmentId, int offset) {
        CRC32 crc = new CRC32();
        FBUtilities.updateChecksumInt(crc, (int) (segmentId & 0xFFFFFFFFL));
        FBUtilities.updateChecksumInt(crc, (int) (segmentId >>> 32));
        FBUtilities.updateChecksumInt(crc, offset);
        return (int) crc.getValue();
    }

    /** The state of one read: Cassandra's reader calls back into it. */
    private static final class Read implements CommitLogReadHandler {
        final List<Entry> entries = new ArrayList<>();
        final List<UnreadableEntry> unreadable = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final int from;
        final int to;
        final boolean pastDamage;
        final VerifyingReader reader = new VerifyingReader(this);
        int verified;
        int gapStart = -1;
        long skipped;
        boolean decoded;
        String decodeFailure;

        Read(int from, int to, boolean pastDamage) {
            this.from = from;
            this.to = to;
            this.pastDamage = pastDamage;
            this.verified = from;
        }

        @Override
        public boolean shouldSkipSegmentOnError(CommitLogReadException exception) {
            if (verified >= to) {
                return true; // past the durable offset: a section still being written
            }
            errors.add(exception.getMessage());
            if (pastDamage && gapStart < 0) {
                gapStart = verified;
            }
            return !pastDamage;
        }

        @Override
        public void handleUnrecoverableError(CommitLogReadException exception) {
            if (exception.reason == CommitLogReadErrorReason.MUTATION_ERROR) {
                decodeFailure = exception.getMessage();
                deleteSavedCopy(exception.getMessage());
            } else if (verified < to) {
                errors.add(exception.getMessage());
                if (pastDamage && gapStart < 0) {
                    gapStart = verified;
                }
            }
        }

        @Override
        public void handleMutation(Mutation mutation, int size, int entryLocation, CommitLogDescriptor descriptor) {
            decoded = true;
            if (entryLocation <= to) {
                entries.add(new Entry(mutation, entryLocation));
            }
        }

        /** Called for every entry whose checksums passed, once Cassandra's reader tried to decode it. */
        void checked(byte[] buffer, int size, int entryLocation, int messagingVersion, TableId unknownTable) {
            if (entryLocation <= from || entryLocation > to) {
                return;
            }
            if (gapStart >= 0) {
                // an entry is its size and the size's checksum, the mutation, then the mutation's checksum
                skipped += Math.max(0, entryLocation - size - 12 - gapStart);
                gapStart = -1;
            }
            verified = Math.max(verified, entryLocation);
            if (decoded) {
                return;
            }
            String reason = unknownTable != null ? "the node's schema has no table with id " + unknownTable
                    : decodeFailure != null ? decodeFailure : "Cassandra's reader could not decode it";
            unreadable.add(new UnreadableEntry(entryLocation, unknownTable, reason, messagingVersion,
                    Arrays.copyOf(buffer, size)));
        }

        /** Cassandra's reader saves an undecodable mutation to a temporary file; we keep the bytes ourselves. */
        private static void deleteSavedCopy(String message) {
            Matcher saved = SAVED_COPY.matcher(message);
            if (saved.find()) {
                try {
                    Files.deleteIfExists(Path.of(saved.group(1)));
                } catch (IOException | RuntimeException e) {
                    // a stray temporary file is harmless
                }
            }
        }
    }

    /** Cassandra's reader, with a look at every entry whose checksums passed. */
    private static final class VerifyingReader extends CommitLogReader {
        private final Read read;

        VerifyingReader(Read read) {
            this.read = read;
        }

        @Override
        protected void readMutation(CommitLogReadHandler handler, byte[] inputBuffer, int size,
                CommitLogPosition minPosition, int entryLocation, CommitLogDescriptor desc) throws IOException {
            // usually empty: counting per entry costs nothing then
            Map<TableId, Integer> unknownBefore = getInvalidMutations().isEmpty() ? Map.of() : unknownCounts();
            read.decoded = false;
            read.decodeFailure = null;
            super.readMutation(handler, inputBuffer, size, minPosition, entryLocation, desc);
            TableId unknownTable = null;
            if (!read.decoded && !getInvalidMutations().isEmpty()) {
                for (Map.Entry<TableId, Integer> unknown : unknownCounts().entrySet()) {
                    if (unknown.getValue() > unknownBefore.getOrDefault(unknown.getKey(), 0)) {
                        unknownTable = unknown.getKey();
                    }
                }
            }
            read.checked(inputBuffer, size, entryLocation, desc.getMessagingVersion(), unknownTable);
        }

        /** Entries skipped so far per table the schema lacks (Cassandra's reader counts them). */
        private Map<TableId, Integer> unknownCounts() {
            Map<TableId, Integer> counts = new HashMap<>();
            for (Map.Entry<TableId, AtomicInteger> unknown : getInvalidMutations()) {
                counts.put(unknown.getKey(), unknown.getValue().get());
            }
            return counts;
        }
    }
}
