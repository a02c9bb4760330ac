package io.ckbridge.bench.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time the JIT compiler threads of some JVMs have used, read from /proc/<pid>/task: right
 * after a start the nodes' compilers alone took a third of this machine's two cores for over a
 * minute, so a latency measured then tells about the JIT, not about the pipeline.
 */
public final class JitCompilerCpu {
    private final Path proc;
    private final List<Long> pids;

    JitCompilerCpu(Path proc, List<Long> pids) {
        this.proc = proc;
        this.pids = List.copyOf(pids);
    }

    public static JitCompilerCpu of(List<Long> pids) {
        return new JitCompilerCpu(Path.of("/proc"), pids);
    }

    /** Seconds of CPU used so far by the compiler threads (HotSpot's "C1/C2 CompilerThread<n>") of the processes. */
    public double seconds() {
        long ticks = 0;
        for (long pid : pids) {
            ticks += compilerTicks(proc.resolve(Long.toString(pid)).resolve("task"));
        }
        return ticks / ProcStat.TICKS_PER_SECOND;
    }

    private static long compilerTicks(Path tasks) {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                ticks += compilerTicksOf(thread.resolve("stat"));
            }
        } catch (IOException e) {
            // The process has gone (or is not ours to read): it compiles nothing more.
        }
        return ticks;
    }

    private static long compilerTicksOf(Path threadStat) {
        try {
            String stat = Files.readString(threadStat);
            String name = ProcStat.name(stat); // "C2 CompilerThre": cut to 15 characters
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            return ProcStat.cpuTicks(ProcStat.fieldsOf(stat));
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended between listing and reading
        }
    }
}
