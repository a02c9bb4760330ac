package io.ckbridge.ops.findings.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads servers' logs line by line, each file from where the last read ended (a file that got
 * shorter was rotated or truncated: read again from its start). A folder stands for its
 * {@code *.log} files. Lines without a time of their own (stack traces) take the time above them.
 */
public final class LogReader {
    /** Longest line kept whole: Cassandra's "Node configuration" line runs to 20 kB. */
    private static final int MAX_LINE = 32 * 1024;

    private final List<Path> paths;
    private final LogTimes times;
    private final Map<Path, Position> positions = new HashMap<>();

    private static final class Position {
        long offset;
        int line;
        long timeMs;
    }

    public LogReader(List<Path> paths, ZoneId zone) {
        this.paths = List.copyOf(paths);
        this.times = new LogTimes(zone);
    }

    /** The files read: those given, and the {@code *.log} files of the folders given. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(file -> file.getFileName().toString().endsWith(".log"))
                            .filter(file -> !file.getFileName().toString().contains("-gc"))
                            .filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    // a folder that cannot be listed adds no file; the caller reports what it read
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            }
        }
        return files;
    }

    /** Hands every line written since the last call to {@code lines}. */
    public void readNew(Consumer<LogLine> lines) throws IOException {
        for (Path file : files()) {
            read(file, lines);
        }
    }

    private void read(Path file, Consumer<LogLine> lines) throws IOException {
        Position position = positions.computeIfAbsent(file, f -> new Position());
        long size = Files.size(file);
        if (size < position.offset) {
            position.offset = 0;
            position.line = 0;
        }
        String name = file.getFileName().toString();
        LogSource source = LogSource.ofFile(name);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(position.offset);
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineStart = position.offset;
            long read = position.offset;
            int count;
            while (read < size && (count = in.read(buffer, 0, (int) Math.min(buffer.length, size - read))) > 0) {
                for (int i = 0; i < count; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        position.line++;
                        String text = line.toString(StandardCharsets.UTF_8);
                        OptionalLong time = times.parse(text);
                        if (time.isPresent()) {
                            position.timeMs = time.getAsLong();
                        }
                        lines.accept(new LogLine(source, name, position.line, position.timeMs, text));
                        line.reset();
                        lineStart = read + i + 1;
                    } else if (line.size() < MAX_LINE) {
                        line.write(b);
                    }
                }
                read += count;
            }
            // a last line without its newline yet is read again next time, whole
            position.offset = lineStart;
        }
    }
}
