package io.ckbridge.ops.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RepairScheduleTest {
    private static final Instant MONDAY = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void periodsAreDaysHoursOrMinutesAndReadBackTheSame() {
        assertThat(RepairSchedule.parseEvery("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(RepairSchedule.parseEvery("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(RepairSchedule.parseEvery(" 90m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(RepairSchedule.everyLabel(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(RepairSchedule.everyLabel(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RepairSchedule.everyLabel(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThatThrownBy(() -> RepairSchedule.parseEvery("7 days")).hasMessageContaining("(7d, 12h, 30m)");
        assertThatThrownBy(() -> RepairSchedule.parseEvery("3w")).hasMessageContaining("ends in d, h or m");
        assertThatThrownBy(() -> schedule(Duration.ofSeconds(10))).hasMessageContaining("at most once a minute");
    }

    @Test
    void theNextRunAfterNowKeepsTheStartsTimeOfDay() {
        RepairSchedule weekly = schedule(Duration.ofDays(7));
        assertThat(weekly.nextAfter(MONDAY.minusSeconds(1))).isEqualTo(MONDAY);
        assertThat(weekly.nextAfter(MONDAY)).isEqualTo(MONDAY.plus(Duration.ofDays(7)));
        // ops was down for three weeks and a day: the next run is the next Monday at 02:00, not a backlog
        assertThat(weekly.nextAfter(MONDAY.plus(Duration.ofDays(22)))).isEqualTo(MONDAY.plus(Duration.ofDays(28)));
    }

    @Test
    void parallelismReadsTheCliNamesAndCassandras() {
        assertThat(RepairParallelism.parse("dc-aware")).isEqualTo(RepairParallelism.DC_AWARE);
        assertThat(RepairParallelism.parse("DC_PARALLEL")).isEqualTo(RepairParallelism.DC_AWARE);
        assertThat(RepairParallelism.parse("parallel").cassandraName()).isEqualTo("parallel");
        assertThat(RepairParallelism.DC_AWARE.cassandraName()).isEqualTo("dc_parallel");
        assertThatThrownBy(() -> RepairParallelism.parse("fast"))
                .hasMessageContaining("sequential, parallel, dc-aware");
    }

    @Test
    void requestsAreChecked() {
        assertThatThrownBy(() -> new RepairRequest(" ", null, 64, 1, null, false)).hasMessageContaining("keyspace");
        assertThatThrownBy(() -> new RepairRequest("ks", null, 0, 1, null, false))
                .hasMessageContaining("segments per node");
        assertThatThrownBy(() -> new RepairRequest("ks", null, 64, 0, null, false)).hasMessageContaining("intensity");
        RepairRequest request = new RepairRequest("ks", java.util.List.of(" a ", ""), 64, 0.5, null, false);
        assertThat(request.tables()).containsExactly("a");
        assertThat(request.parallelism()).isEqualTo(RepairParallelism.SEQUENTIAL);
    }

    private static RepairSchedule schedule(Duration every) {
        return new RepairSchedule(UUID.randomUUID(), RepairRequest.of("ks"), every, MONDAY, true, MONDAY, null);
    }
}
