package io.ckbridge.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessPriorityTest {

    @Test
    void readsThePriorityTheProcessRunsAtInItsOwnSession() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid"))
                && Files.exists(Path.of("/proc/self/stat")), "Linux only");
        // Lowered (positive values: no privilege needed), the session to 6 and the process to 3.
        Process sleeper = new ProcessBuilder(List.of("/usr/bin/setsid", "/bin/sh", "-c",
                "echo 6 > /proc/self/autogroup 2>/dev/null; exec nice -n 3 sleep 30")).start();
        boolean sessionsShareCpu = Files.exists(Path.of("/proc/sys/kernel/sched_autogroup_enabled"))
                && Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled")).trim().equals("1");
        try {
            await().until(() -> ProcessHandle.of(sleeper.pid())
                    .flatMap(handle -> handle.info().command())
                    .map(command -> command.endsWith("sleep"))
                    .orElse(false));

            // where the kernel shares CPU by session first, the session's value is what counts
            assertThat(ProcessPriority.nice(sleeper.pid())).hasValue(sessionsShareCpu ? 6 : 3);
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void knowsNothingOfAProcessThatDoesNotExist() {
        assertThat(ProcessPriority.nice(-1)).isEmpty();
        assertThat(ProcessPriority.nice(Long.MAX_VALUE)).isEmpty();
    }
}
