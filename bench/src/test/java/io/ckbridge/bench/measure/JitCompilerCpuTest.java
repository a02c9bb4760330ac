package io.ckbridge.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitCompilerCpuTest {
    @TempDir
    Path proc;

    @Test
    void addsTheCompilerThreadsOfEachProcessOnly() throws IOException {
        thread(100, 101, "C2 CompilerThre", 250, 50);
        thread(100, 102, "C1 CompilerThre", 40, 10);
        thread(100, 103, "MutationStage-1", 9000, 900);
        thread(200, 201, "C2 CompilerThre", 100, 0);
        thread(300, 301, "C2 CompilerThre", 7000, 0); // a process not asked about

        JitCompilerCpu compilers = new JitCompilerCpu(proc, List.of(100L, 200L));

        assertThat(compilers.seconds()).isEqualTo(4.5);
    }

    @Test
    void aProcessThatHasGoneCompilesNothing() {
        assertThat(new JitCompilerCpu(proc, List.of(999L)).seconds()).isZero();
    }

    private void thread(long pid, long tid, String name, long userTicks, long systemTicks) throws IOException {
        Path task = Files.createDirectories(
                proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(task.resolve("stat"), tid + " (" + name + ") S " + pid + " 1 1 0 -1 4194368 10 0 0 0 "
                + userTicks + " " + systemTicks + " 0 0 20 0 40 0 1000 0 0\n");
    }
}
