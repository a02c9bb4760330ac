package io.ckbridge.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchLimitsTest {

    @Test
    void readsCassandrasSizeNotation() {
        assertThat(BatchLimits.parseBytes("5KiB")).isEqualTo(5120);
        assertThat(BatchLimits.parseBytes("1MiB")).isEqualTo(1 << 20);
        assertThat(BatchLimits.parseBytes("640B")).isEqualTo(640);
        assertThat(BatchLimits.parseBytes(" 1000 ")).isEqualTo(1000);
    }

    @Test
    void staysUnderTheWarningThresholdAndNeverNearTheFailureOne() {
        assertThat(BatchLimits.limit(5120, 51200, Optional.empty())).isEqualTo(4608);
        assertThat(BatchLimits.limit(5120, 51200, Optional.of(30_000))).isEqualTo(30_000);
        assertThat(BatchLimits.limit(5120, 51200, Optional.of(60_000))).isEqualTo(40_960);
    }
}
