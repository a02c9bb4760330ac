package io.ckbridge.cdc.damage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The damaged segments that wait for a person's decision, in {@code <state.dir>/damaged-segments.json}.
 * The publisher writes it; {@code bridge cdc-publisher damaged-segments} and {@code skip-segment}
 * read it, and a decision is written apart, to {@link AcceptedLosses}, so each file has one writer.
 */
public final class DamageRegister {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<SegmentDamage> held;

    public DamageRegister(Path stateDir) {
        this.file = file(stateDir);
        this.held = new ArrayList<>(read(file));
    }

    /** What a state folder's register holds, for the operator commands. */
    public static List<SegmentDamage> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<SegmentDamage>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the damaged-segment register " + file
                    + "; it is JSON the publisher writes: restore or fix it", e);
        }
    }

    public static Path file(Path stateDir) {
        return stateDir.resolve("damaged-segments.json");
    }

    public synchronized List<SegmentDamage> held() {
        return List.copyOf(held);
    }

    public synchronized Optional<SegmentDamage> get(long segmentId) {
        return held.stream().filter(damage -> damage.segmentId() == segmentId).findFirst();
    }

    /** Adds or replaces the damage of a segment. */
    public synchronized void hold(SegmentDamage damage) {
        held.removeIf(existing -> existing.segmentId() == damage.segmentId());
        held.add(damage);
        write();
    }

    public synchronized void release(long segmentId) {
        if (held.removeIf(existing -> existing.segmentId() == segmentId)) {
            write();
        }
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temporary.toFile(), held);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the damaged-segment register " + file, e);
        }
    }
}
