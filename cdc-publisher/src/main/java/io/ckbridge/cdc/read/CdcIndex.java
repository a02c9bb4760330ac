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
 * read may find it empty or half-written: such a read is {@link State#UNREADABLE} and retried,
 * never taken for a segment without CDC data (which has no index file at all).
 */
public record CdcIndex(int offset, boolean completed) {

    /** What reading an index file found. */
    public enum State { MISSING, UNREADABLE, READ }

    /**
     * One read of an index file.
     *
     * @param index   the index when {@link State#READ}
     * @param problem why it could not be read when {@link State#UNREADABLE}
     */
    public record Reading(State state, CdcIndex index, String problem) {
        static final Reading MISSING = new Reading(State.MISSING, null, null);

        public boolean read() {
            return state == State.READ;
        }
    }

    public static Reading read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Reading.MISSING;
        } catch (IOException e) {
            return new Reading(State.UNREADABLE, null, "cannot read " + file + ": " + e);
        }
        return parse(text).map(index -> new Reading(State.READ, index, null))
                .orElseGet(() -> new Reading(State.UNREADABLE, null, file + " holds '" + shortened(text)
                        + "', not an offset (perhaps caught mid-write)"));
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
            return offset < 0 ? Optional.empty() : Optional.of(new CdcIndex(offset, completed));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String shortened(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
    }
}
