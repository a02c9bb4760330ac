package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SortableNumberTest {
    @Test
    void padsToTheWidthSoThatTextOrderIsNumberOrder() {
        assertThat(SortableNumber.pad(42, 6)).isEqualTo("000042");
        assertThat(SortableNumber.pad(0, 3)).isEqualTo("000");
        assertThat(SortableNumber.pad(123456, 3)).isEqualTo("123456");
        assertThat(SortableNumber.pad(Long.MAX_VALUE, 20)).isEqualTo("09223372036854775807");
        assertThat(SortableNumber.pad(999, 20).compareTo(SortableNumber.pad(1000, 20))).isNegative();
    }

    @Test
    void refusesNegativeNumbers() {
        assertThatThrownBy(() -> SortableNumber.pad(-1, 5)).hasMessageContaining("-1");
    }
}
