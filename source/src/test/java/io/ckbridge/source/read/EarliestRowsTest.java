package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarliestRowsTest {
    private static RowPosition at(long millis, String key) {
        return new RowPosition(millis, null, key);
    }

    @Test
    void keepsTheEarliestRowsWhateverTheOrderTheyComeIn() {
        EarliestRows<String> earliest = new EarliestRows<>(3);
        earliest.offer(at(5, "a"), "5a");
        earliest.offer(at(1, "b"), "1b");
        earliest.offer(at(9, "c"), "9c");
        earliest.offer(at(1, "a"), "1a");
        earliest.offer(at(7, "d"), "7d");

        assertThat(earliest.sorted()).extracting(EarliestRows.Entry::row).containsExactly("1a", "1b", "5a");
        assertThat(earliest.overflowed()).isTrue();
        assertThat(earliest.offered()).isEqualTo(5);
    }

    @Test
    void doesNotOverflowUpToItsSize() {
        EarliestRows<String> earliest = new EarliestRows<>(2);
        earliest.offer(at(2, "a"), "2a");
        earliest.offer(at(1, "a"), "1a");

        assertThat(earliest.sorted()).extracting(EarliestRows.Entry::row).containsExactly("1a", "2a");
        assertThat(earliest.overflowed()).isFalse();
    }
}
