package io.ckbridge.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoStallWatchTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTotalOfTheSomeLine() throws IOException {
        Path pressure = dir.resolve("io");
        Files.writeString(pressure, """
                some avg10=3.23 avg60=4.09 avg300=3.20 total=1697087249
                full avg10=0.05 avg60=0.19 avg300=0.32 total=417039908
                """);

        assertThat(IoStallWatch.someStalledMicros(pressure)).hasValue(1697087249L);
    }

    @Test
    void noWatchWhereTheKernelReportsNoPressure() {
        assertThat(IoStallWatch.someStalledMicros(dir.resolve("absent"))).isEmpty();
        assertThat(IoStallWatch.start(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aStallIsTheRunOfSamplesSpentWaitingOnIo() {
        IoStallWatch.Stalls stalls = new IoStallWatch.Stalls();
        stalls.sample(50_000, 1_000);   // a short wait: no stall
        for (int i = 0; i < 5; i++) {
            stalls.sample(50_000, 50_000); // waited throughout: 250 ms in all
        }
        stalls.sample(50_000, 10_000);  // ends it
        stalls.sample(50_000, 48_000);  // 96% of the sample: a new stall of 100 ms
        stalls.sample(50_000, 50_000);
        stalls.end();

        assertThat(stalls.longestMillis()).isEqualTo(250);
        assertThat(stalls.over200Ms()).isEqualTo(1);
    }

    @Test
    void noStallWhenNothingWaitedThroughout() {
        IoStallWatch.Stalls stalls = new IoStallWatch.Stalls();
        for (int i = 0; i < 20; i++) {
            stalls.sample(50_000, 40_000); // 80%: busy, not stalled
        }
        stalls.end();

        assertThat(stalls.longestMillis()).isZero();
        assertThat(stalls.over200Ms()).isZero();
    }
}
