package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSplitTest {

    @Test
    void splitsCoverTheWholeRingWithoutGapsOrOverlap() {
        List<TokenSplit> splits = TokenSplit.ring(7);

        assertThat(splits).hasSize(7);
        assertThat(splits.get(0).start()).isEqualTo(Long.MIN_VALUE);
        assertThat(splits.get(6).end()).isEqualTo(Long.MAX_VALUE);
        for (int i = 1; i < splits.size(); i++) {
            assertThat(splits.get(i).start()).isEqualTo(splits.get(i - 1).end());
            assertThat(splits.get(i).end()).isGreaterThan(splits.get(i).start());
        }
        assertThat(TokenSplit.parse(splits.get(3).toString())).isEqualTo(splits.get(3));
    }
}
