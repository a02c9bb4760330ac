package io.ckbridge.cdc.damage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.cdc.read.CdcSegment;
import io.ckbridge.cdc.read.SegmentReader.UnreadableEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code <state.dir>/quarantine}: what the publisher could not publish but must not lose. Damaged
 * segments moved out of cdc_raw (so they neither fill it nor get removed with published ones), and
 * {@code unreadable-mutations.jsonl}: one JSON line per mutation the schema could not decode, with
 * its segment, offset, reason and serialized bytes (base64), to replay by hand once the schema is
 * known. Nothing here is ever removed by the publisher.
 */
public final class Quarantine {
    private final Path directory;

    public Quarantine(Path stateDir) {
        this.directory = stateDir.resolve("quarantine");
    }

    public Path directory() {
        return directory;
    }

    public Path mutationsFile() {
        return directory.resolve("unreadable-mutations.jsonl");
    }

    /** Moves a segment and its index file out of cdc_raw; returns the segment's new path. */
    public Path moveSegment(CdcSegment segment) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve(segment.log().getFileName());
        if (Files.exists(segment.index())) {
            Files.copy(segment.index(), directory.resolve(segment.index().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(segment.log(), target, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(segment.index());
        return target;
    }

    /** Appends one unreadable mutation, durably, before the position may move past it. */
    public void addUnreadable(long segmentId, UnreadableEntry entry) {
        ObjectNode line = DamageRegister.JSON.createObjectNode()
                .put("segment", segmentId)
                .put("endOffset", entry.endOffset())
                .put("tableId", entry.tableId() == null ? null : entry.tableId().toString())
                .put("reason", entry.reason())
                .put("messagingVersion", entry.messagingVersion())
                .put("quarantinedAt", Instant.now().toString())
                .put("mutation", Base64.getEncoder().encodeToString(entry.bytes()));
        try {
            Files.createDirectories(directory);
            byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(mutationsFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot quarantine a mutation of segment " + segmentId + " in "
                    + mutationsFile(), e);
        }
    }
}
