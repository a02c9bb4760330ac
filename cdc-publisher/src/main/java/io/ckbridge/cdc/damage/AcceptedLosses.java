package io.ckbridge.cdc.damage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Properties;

/**
 * Segments whose damaged part a person accepted to lose, in {@code <state.dir>/accepted-losses.properties}
 * ({@code segment.<id>=<time> <reason>}). Written by {@code bridge cdc-publisher skip-segment},
 * read by the running publisher whenever the file changes.
 */
public final class AcceptedLosses {
    private final Path file;
    private Properties accepted = new Properties();
    private FileTime readAt;

    public AcceptedLosses(Path stateDir) {
        this.file = stateDir.resolve("accepted-losses.properties");
    }

    public synchronized boolean isAccepted(long segmentId) {
        refresh();
        return accepted.containsKey(key(segmentId));
    }

    /** Records the decision (appended, so earlier ones stay as a record). */
    public synchronized void accept(long segmentId, String reason) {
        try {
            Files.createDirectories(file.getParent());
            Properties line = new Properties();
            line.setProperty(key(segmentId), Instant.now() + " " + reason);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                line.store(out, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the decision in " + file, e);
        }
        readAt = null;
    }

    private void refresh() {
        try {
            if (!Files.isRegularFile(file)) {
                accepted = new Properties();
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readAt)) {
                return;
            }
            Properties read = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read.load(in);
            }
            accepted = read;
            readAt = modified;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the accepted losses in " + file, e);
        }
    }

    private static String key(long segmentId) {
        return "segment." + segmentId;
    }
}
