package io.ckbridge.cli.bench;

import java.io.IOException;

/** CPU time a process has used (user + system), read from /proc: where a benchmark's time goes. */
final class CpuTime {
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    /** Seconds of CPU used so far by the process, or -1 when unknown. */
    static double seconds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String[] fields = ProcStat.fields(pid);
            // state(0) ... utime(11) stime(12)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
