package io.ckbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowIdsTest {
    @Test
    void eachPhaseGetsTheRangeAfterTheOneBefore() {
        RowIds ids = new RowIds();

        RowIds.Range warmUp = ids.next(2_500);
        RowIds.Range latency = ids.next(15_000);

        assertThat(warmUp).isEqualTo(new RowIds.Range(0, 2_500));
        assertThat(latency.first()).isEqualTo(2_500);
        assertThat(latency.end()).isEqualTo(17_500);
        assertThat(latency.id(0)).isEqualTo(2_500);
        assertThat(latency.contains(17_499)).isTrue();
        assertThat(latency.contains(17_500)).isFalse();
        assertThat(latency.contains(2_499)).isFalse();
    }

    @Test
    void theNextPhaseStartsAfterTheIdsAnOpenPhaseUsed() {
        RowIds ids = new RowIds(100);
        ids.next(50);

        RowIds.Open load = ids.open();
        RowIds.Range written = load.used(1_234_567); // far more than any fixed block would have left it

        assertThat(load.first()).isEqualTo(150);
        assertThat(written).isEqualTo(new RowIds.Range(150, 1_234_567));
        assertThat(ids.next(10).first()).isEqualTo(150 + 1_234_567);
        assertThat(ids.open().first()).isEqualTo(150 + 1_234_567 + 10);
    }

    @Test
    void nothingIsHandedOutWhileAnOpenPhaseRuns() {
        RowIds ids = new RowIds();
        RowIds.Open load = ids.open();

        assertThatThrownBy(() -> ids.next(10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from 0");
        assertThatThrownBy(ids::open).isInstanceOf(IllegalStateException.class);

        load.used(0);
        assertThat(ids.next(10)).isEqualTo(new RowIds.Range(0, 10));
    }

    @Test
    void anOpenPhaseEndsOnce() {
        RowIds ids = new RowIds();
        RowIds.Open load = ids.open();
        load.used(5);

        assertThatThrownBy(() -> load.used(7)).isInstanceOf(IllegalStateException.class);
        assertThat(ids.next(1).first()).isEqualTo(5);
    }

    @Test
    void noNegativeCounts() {
        RowIds ids = new RowIds();

        assertThatThrownBy(() -> ids.next(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ids.open().used(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RowIds(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
