package io.ckbridge.cdc.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.commitlog.CommitLogDescriptor;
import org.apache.cassandra.io.util.DataOutputBuffer;
import org.apache.cassandra.utils.FBUtilities;

/**
 * Writes commit-log segments laid out as Cassandra 5.0 writes them (CommitLogSegment), for tests of
 * what reads them: the descriptor header, then sync sections, each a sync marker (the offset of the
 * next marker and a CRC of the segment id and the marker's own offset) followed by entries (size,
 * CRC of the size, serialized mutation, CRC of size and mutation). A zeroed marker ends what was
 * written, as in Cassandra's preallocated files.
 */
final class SegmentFiles {
    static final int SYNC_MARKER_SIZE = 8;

    /**
     * A segment on disk, the offset at which each of its entries ends, in order, and where its last
     * section ends (after the last entry, or after the last marker when that section is empty).
     */
    record WrittenSegment(CdcSegment segment, List<Integer> entryEnds, int syncedEnd) {
        int end() {
            return entryEnds.get(entryEnds.size() - 1);
        }
    }

    private SegmentFiles() {
    }

    /**
     * Writes a segment with one sync section per list of mutations, named as Cassandra names it;
     * an empty list is a section of only its marker, as Cassandra closes a segment early.
     */
    static WrittenSegment write(Path directory, long id, List<List<Mutation>> sections) throws IOException {
        CommitLogDescriptor descriptor = new CommitLogDescriptor(id, null, DatabaseDescriptor.getEncryptionContext());
        ByteBuffer file = ByteBuffer.allocate(1 << 20);
        CommitLogDescriptor.writeHeader(file, descriptor);
        List<Integer> entryEnds = new ArrayList<>();
        for (List<Mutation> section : sections) {
            int marker = file.position();
            file.position(marker + SYNC_MARKER_SIZE);
            for (Mutation mutation : section) {
                entry(file, mutation, descriptor.getMessagingVersion());
                entryEnds.add(file.position());
            }
            syncMarker(file, id, marker, file.position());
        }
        int syncedEnd = file.position();
        file.putLong(0); // no next section yet
        file.flip();
        Path log = directory.resolve(descriptor.fileName());
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(file);
        }
        return new WrittenSegment(CdcSegment.of(log), List.copyOf(entryEnds), syncedEnd);
    }

    /** Cuts a file to {@code length} bytes, as a crash before the page cache reached the disk leaves it. */
    static void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    /** Overwrites {@code bytes.length} bytes at {@code offset}. */
    static void overwrite(Path file, int offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void entry(ByteBuffer file, Mutation mutation, int messagingVersion) throws IOException {
        byte[] serialized;
        try (DataOutputBuffer out = new DataOutputBuffer()) {
            Mutation.serializer.serialize(mutation, out, messagingVersion);
            serialized = out.toByteArray();
        }
        CRC32 crc = new CRC32();
        FBUtilities.updateChecksumInt(crc, serialized.length);
        file.putInt(serialized.length);
        file.putInt((int) crc.getValue());
        crc.update(serialized);
        file.put(serialized);
        file.putInt((int) crc.getValue());
    }

    private static void syncMarker(ByteBuffer file, long id, int offset, int nextMarker) {
        CRC32 crc = new CRC32();
        FBUtilities.updateChecksumInt(crc, (int) (id & 0xFFFFFFFFL));
        FBUtilities.updateChecksumInt(crc, (int) (id >>> 32));
        FBUtilities.updateChecksumInt(crc, offset);
        file.putInt(offset, nextMarker);
        file.putInt(offset + 4, (int) crc.getValue());
    }
}
