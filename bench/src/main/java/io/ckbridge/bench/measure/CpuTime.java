package io.ckbridge.bench.measure;

import java.io.IOException;

/** CPU time a process has used (user + system), read from /proc: where a benchmark's time goes. */
public final class CpuTime {
    private CpuTime() {
    }

    /** Seconds of CPU used so far by the process, or -1 when unknown. */
    public static double seconds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return ProcStat.cpuTicks(ProcStat.fields(pid)) / ProcStat.TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
