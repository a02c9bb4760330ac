package io.ckbridge.cdc.position;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The published position, in a small file beside the publisher. Written durably (fsync, then an
 * atomic rename) and only after Kafka acknowledged everything before it, so after a crash the
 * publisher resumes at or before the last change it published: nothing is skipped.
 */
public final class PositionStore {
    private final Path file;

    public PositionStore(Path directory) {
        this.file = directory.resolve("position.properties");
    }

    public SegmentPosition load() {
        if (!Files.isRegularFile(file)) {
            return SegmentPosition.START;
        }
        try {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            return new SegmentPosition(Long.parseLong(properties.getProperty("segment")),
                    Integer.parseInt(properties.getProperty("offset")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the publisher position in " + file + ": " + e.getMessage()
                    + ". Fix or delete it (the publisher then starts from the oldest segment in cdc_raw).", e);
        }
    }

    public void save(SegmentPosition position) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            String text = "segment=" + position.segmentId() + "\noffset=" + position.offset() + "\n";
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the publisher position in " + file, e);
        }
    }
}
