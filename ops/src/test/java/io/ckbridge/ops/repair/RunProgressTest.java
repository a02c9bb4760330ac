package io.ckbridge.ops.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunProgressTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void countsEachStateAndDrawsTheGridInSegmentOrder() {
        UUID id = UUID.randomUUID();
        List<SegmentRecord> segments = new ArrayList<>();
        List<SegmentState> states = List.of(SegmentState.DONE, SegmentState.DONE, SegmentState.RUNNING,
                SegmentState.POSTPONED, SegmentState.PENDING, SegmentState.FAILED);
        for (int seq = 0; seq < states.size(); seq++) {
            segments.add(new SegmentRecord(id, seq, new Segment(List.of(new TokenRange(seq, seq + 1)),
                    Set.of("10.0.0.1")), states.get(seq), 1, "10.0.0.1", T.plusSeconds(10 - seq), null, 0,
                    states.get(seq) == SegmentState.POSTPONED ? "replica 10.0.0.2 is down" : null));
        }
        RepairRun run = new RepairRun(id, RepairRequest.of("ks"), RunState.RUNNING, "test", null, T, null, 6, null,
                null);
        RunProgress progress = RunProgress.of(run, segments);
        assertThat(progress.grid()).isEqualTo("DDRWPF");
        assertThat(List.of(progress.done(), progress.running(), progress.postponed(), progress.pending(),
                progress.failed())).containsExactly(2, 1, 1, 1, 1);
        assertThat(progress.finishedShare()).isEqualTo(0.5);
        assertThat(progress.startedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(progress.waiting()).isEqualTo("replica 10.0.0.2 is down");
    }

    @Test
    void tokenRangesReadBackAsCassandraWritesThem() {
        TokenRange wrapping = new TokenRange(Long.MAX_VALUE - 5, Long.MIN_VALUE + 5);
        assertThat(TokenRange.parse(wrapping.toString())).isEqualTo(wrapping);
        assertThat(TokenRange.parse("(-9223372036854775808,0]")).isEqualTo(new TokenRange(Long.MIN_VALUE, 0));
        Segment segment = new Segment(List.of(new TokenRange(1, 2), new TokenRange(5, 9)), Set.of("a"));
        assertThat(RepairStore.parseRanges(RepairStore.ranges(segment))).isEqualTo(segment.ranges());
    }
}
