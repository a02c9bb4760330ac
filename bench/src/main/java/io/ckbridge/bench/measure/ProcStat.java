package io.ckbridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's (or thread's) /proc stat line, split into the fields after its command name (state is 0). */
final class ProcStat {
    /** Clock ticks per second of the CPU times in stat lines (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    static String[] fields(long pid) throws IOException {
        return fieldsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** The fields; the command name is skipped by its closing parenthesis, as it may hold spaces. */
    static String[] fieldsOf(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The command (or thread) name, which the kernel cuts to 15 characters. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** CPU ticks used so far, user + system (fields 11 and 12 counted from the state). */
    static long cpuTicks(String[] fields) {
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
