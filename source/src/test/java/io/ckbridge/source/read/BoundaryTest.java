package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BoundaryTest {
    @Test
    void rowsAtTheBoundaryTimeWereSentWhenListedOrNotPastThePosition() {
        Boundary boundary = new Boundary(10, Set.of("z"), new RowPosition(10, null, "m"));

        assertThat(boundary.sent(new RowPosition(9, null, "x"))).isTrue();
        assertThat(boundary.sent(new RowPosition(10, null, "a"))).isTrue();
        assertThat(boundary.sent(new RowPosition(10, null, "m"))).isTrue();
        assertThat(boundary.sent(new RowPosition(10, null, "n"))).isFalse();
        assertThat(boundary.sent(new RowPosition(10, null, "z"))).isTrue();
        assertThat(boundary.sent(new RowPosition(11, null, "a"))).isFalse();
    }

    @Test
    void anOffsetOfAnEarlierVersionHoldsOnlyTheTimeAndTheKeys() {
        Map<String, Object> offset = Map.of("ts", 42L, "keys", "[\"'a'\",\"'b'\"]");

        assertThat(Boundary.stored(offset)).isEqualTo(new Boundary(42, Set.of("'a'", "'b'"), null));
        assertThat(Boundary.stored(Map.of("ts", 7))).isEqualTo(Boundary.at(7));
        assertThat(Boundary.stored(null)).isNull();
    }

    @Test
    void aPositionWithItsTimeuuidSurvivesTheOffset() {
        UUID id = IncrementalCursorTest.timeuuid(1_000, 3);
        Boundary boundary = new Boundary(1_000, Set.of("'k'"), new RowPosition(1_000, id, "'s',x"));
        Map<String, Object> offset = new HashMap<>();
        boundary.storeIn(offset, BoundaryKeys.encode(boundary.keys()));

        assertThat(offset).containsEntry("ts", 1_000L).containsEntry("after", "'s',x")
                .containsEntry("after.timeuuid", id.toString());
        assertThat(Boundary.stored(offset)).isEqualTo(boundary);
    }
}
