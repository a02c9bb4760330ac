package io.ckbridge.cdc.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A segment's {@code <segment>_cdc.idx}: the offset up to which Cassandra has synced the segment
 * to disk, and "COMPLETED" once the segment is full. Cassandra rewrites the file in place, so a
 * read may find it empty or half-written: such a read reports nothing and is simply retried.
 */
public record CdcIndex(int offset, boolean completed) {

    public static Optional<CdcIndex> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        return parse(text);
    }

    static Optional<CdcIndex> parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            return Optional.empty();
        }
        try {
            int offset = Integer.parseInt(lines[0].trim());
            boolean completed = lines.length > 1 && lines[1].trim().equals("COMPLETED");
            if (lines.length > 1 && !completed) {
                return Optional.empty(); // caught mid-write
            }
            return Optional.of(new CdcIndex(offset, completed));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
