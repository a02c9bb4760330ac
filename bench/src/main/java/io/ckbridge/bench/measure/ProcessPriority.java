package io.ckbridge.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU priority (nice value) a process runs at, read from /proc: the session's (autogroup)
 * where the kernel shares CPU by session first, else the process's own.
 */
public final class ProcessPriority {
    private static final Pattern AUTOGROUP_NICE = Pattern.compile("nice (-?\\d+)");
    private static final Path AUTOGROUP_ENABLED = Path.of("/proc/sys/kernel/sched_autogroup_enabled");

    private ProcessPriority() {
    }

    public static OptionalInt nice(long pid) {
        if (pid <= 0) {
            return OptionalInt.empty();
        }
        try {
            Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
            if (Files.exists(autogroup) && Files.exists(AUTOGROUP_ENABLED)
                    && Files.readString(AUTOGROUP_ENABLED).trim().equals("1")) {
                Matcher nice = AUTOGROUP_NICE.matcher(Files.readString(autogroup));
                if (nice.find()) {
                    return OptionalInt.of(Integer.parseInt(nice.group(1)));
                }
            }
            // state(0) ... priority(15) nice(16)
            return OptionalInt.of(Integer.parseInt(ProcStat.fields(pid)[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
