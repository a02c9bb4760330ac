package io.ckbridge.cdc.damage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.read.SegmentReader.UnreadableEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.cassandra.schema.TableId;
import org.junit.jupiter.api.Test;

class UnreadableHoldTest {
    private static final TableId DROPPED = TableId.fromUUID(UUID.randomUUID());

    private final MovableClock clock = new MovableClock();
    private final UnreadableHold hold = new UnreadableHold(Duration.ofMinutes(5), clock);

    @Test
    void aNewUnreadableMutationWaitsWithGrowingPausesUntilTheHoldIsOver() {
        List<UnreadableEntry> read = List.of(entry(100, DROPPED), entry(200, DROPPED));

        assertThat(hold.firstWaiting(7, read)).isEqualTo(100);
        assertThat(hold.mayTry()).isFalse();
        clock.forward(Duration.ofSeconds(1));
        assertThat(hold.mayTry()).isTrue();
        assertThat(hold.firstWaiting(7, read)).isEqualTo(100);
        clock.forward(Duration.ofSeconds(1));
        assertThat(hold.mayTry()).as("the second pause is longer").isFalse();
        assertThat(hold.blocked()).contains("7:100");

        clock.forward(Duration.ofMinutes(5));
        assertThat(hold.firstWaiting(7, read)).as("held long enough: all may be quarantined").isEqualTo(-1);
        assertThat(hold.blocked()).isNull();
    }

    @Test
    void aTableFoundDroppedDoesNotWaitAndAnotherUnknownOneStillDoes() {
        assertThat(hold.giveUp(DROPPED)).isTrue();
        assertThat(hold.giveUp(DROPPED)).as("once").isFalse();
        TableId other = TableId.fromUUID(UUID.randomUUID());

        assertThat(hold.firstWaiting(7, List.of(entry(100, DROPPED), entry(200, DROPPED)))).isEqualTo(-1);
        assertThat(hold.firstWaiting(7, List.of(entry(100, DROPPED), entry(300, other)))).isEqualTo(300);
    }

    @Test
    void aTableGivenUpOnIsQuarantinedAtOnceLater() {
        hold.firstWaiting(7, List.of(entry(100, DROPPED)));
        clock.forward(Duration.ofMinutes(6));
        assertThat(hold.firstWaiting(7, List.of(entry(100, DROPPED)))).isEqualTo(-1);

        assertThat(hold.firstWaiting(8, List.of(entry(50, DROPPED)))).isEqualTo(-1);
        TableId other = TableId.fromUUID(UUID.randomUUID());
        assertThat(hold.firstWaiting(8, List.of(entry(50, DROPPED), entry(90, other)))).isEqualTo(90);
    }

    @Test
    void aDifferentBlockingMutationStartsItsOwnHold() {
        hold.firstWaiting(7, List.of(entry(100, null)));
        clock.forward(Duration.ofMinutes(4));
        assertThat(hold.firstWaiting(7, List.of(entry(300, null)))).isEqualTo(300);
        clock.forward(Duration.ofMinutes(2));
        assertThat(hold.firstWaiting(7, List.of(entry(300, null)))).as("only 2 minutes at this one").isEqualTo(300);
    }

    @Test
    void nothingUnreadableClearsTheHold() {
        hold.firstWaiting(7, List.of(entry(100, null)));

        assertThat(hold.firstWaiting(7, List.of())).isEqualTo(-1);
        assertThat(hold.mayTry()).isTrue();
        assertThat(hold.blocked()).isNull();
    }

    private static UnreadableEntry entry(int endOffset, TableId table) {
        return new UnreadableEntry(endOffset, table, "test", 13, new byte[] {1});
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void forward(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
