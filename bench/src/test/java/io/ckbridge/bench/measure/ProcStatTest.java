package io.ckbridge.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void fieldsCountFromTheStateAfterTheCommandName() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/stat")), "Linux only");
        ProcessHandle self = ProcessHandle.current();

        String[] fields = ProcStat.fields(self.pid());

        assertThat(fields[0]).matches("[RSDTtZXIKWP]");
        assertThat(Long.parseLong(fields[1])).isEqualTo(self.parent().orElseThrow().pid()); // ppid
    }
}
