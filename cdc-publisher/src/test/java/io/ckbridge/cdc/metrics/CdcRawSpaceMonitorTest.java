package io.ckbridge.cdc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.cdc.position.SegmentPosition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdcRawSpaceMonitorTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path cdcRaw;

    private final PublisherMetrics metrics = new PublisherMetrics();
    private final AtomicReference<SegmentPosition> position = new AtomicReference<>(SegmentPosition.START);

    @Test
    void measuresCdcRawAgainstTheTotalSpaceAndTheBytesNotYetPublished() throws IOException {
        segment(1, 8 * MIB, "8388608\nCOMPLETED");
        segment(2, 8 * MIB, "1000");
        Files.writeString(cdcRaw.resolve("not-a-segment.txt"), "x".repeat(1000));
        position.set(new SegmentPosition(1, 8_388_000));

        monitor(40 * MIB).measure();

        assertThat(metrics.getCdcRawBytes()).isEqualTo(16 * MIB);
        assertThat(metrics.getCdcRawUsedRatio()).isEqualTo(0.4);
        assertThat(metrics.getBacklogBytes()).isEqualTo(608 + 1000);
    }

    @Test
    void aboveEightyPercentHealthIsDegradedWithAWarning() throws IOException {
        for (int id = 1; id <= 5; id++) {
            segment(id, 8 * MIB, "100");
        }
        PublisherHealth health = new PublisherHealth(5, new DamageRegister(cdcRaw), metrics);

        monitor(48 * MIB).measure();

        assertThat(metrics.getCdcRawUsedRatio()).isGreaterThan(CdcRawSpaceMonitor.WARNING_RATIO);
        assertThat(health.health().healthy()).isTrue();
        assertThat(health.health().json()).contains("\"status\":\"DEGRADED\"").contains("cdc_raw is 83% full");
    }

    @Test
    void aNodeWithoutATotalSpaceShowsNoRatio() throws IOException {
        segment(1, MIB, "100");

        monitor(0).measure();

        assertThat(metrics.getCdcRawBytes()).isEqualTo(MIB);
        assertThat(metrics.getCdcRawUsedRatio()).isZero();
    }

    private CdcRawSpaceMonitor monitor(long totalSpace) {
        return new CdcRawSpaceMonitor(cdcRaw, totalSpace, position::get, metrics, Clock.systemUTC());
    }

    private void segment(long id, long size, String index) throws IOException {
        Path log = cdcRaw.resolve("CommitLog-7-" + id + ".log");
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(size);
        }
        Files.writeString(cdcRaw.resolve("CommitLog-7-" + id + "_cdc.idx"), index);
    }
}
