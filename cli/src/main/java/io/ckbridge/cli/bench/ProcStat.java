package io.ckbridge.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's /proc/<pid>/stat line, split into the fields after its command name (state is 0). */
final class ProcStat {
    private ProcStat() {
    }

    /** The fields; the command name is skipped by its closing parenthesis, as it may hold spaces. */
    static String[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
