package io.ckbridge.ops.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
    /** A ring of {@code nodes} nodes with {@code tokensEach} random tokens, replicas by SimpleStrategy. */
    private static List<ReplicatedRange> ring(int nodes, int tokensEach, int replicationFactor, long seed) {
        Random random = new Random(seed);
        TreeMap<Long, String> owners = new TreeMap<>();
        for (int node = 1; node <= nodes; node++) {
            for (int i = 0; i < tokensEach; i++) {
                owners.put(random.nextLong(), "127.0.0." + node);
            }
        }
        List<Long> tokens = new ArrayList<>(owners.keySet());
        List<ReplicatedRange> ranges = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            long start = tokens.get((i - 1 + tokens.size()) % tokens.size());
            long end = tokens.get(i);
            Set<String> replicas = new LinkedHashSet<>();
            for (int j = i; replicas.size() < Math.min(replicationFactor, nodes); j++) {
                replicas.add(owners.get(tokens.get(j % tokens.size())));
            }
            ranges.add(new ReplicatedRange(new TokenRange(start, end), replicas));
        }
        return ranges;
    }

    /** Every token in exactly one segment: widths add up to the ring, and no two pieces overlap. */
    private static void coversTheRingOnce(List<Segment> segments) {
        assertThat(segments.stream().map(Segment::width).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(TokenRange.RING);
        List<TokenRange> pieces = segments.stream().flatMap(s -> s.ranges().stream()).sorted((a, b) ->
                Long.compare(a.start(), b.start())).toList();
        for (int i = 0; i < pieces.size(); i++) {
            TokenRange piece = pieces.get(i);
            TokenRange next = pieces.get((i + 1) % pieces.size());
            assertThat(next.start()).as("%s is followed by %s", piece, next).isEqualTo(piece.end());
        }
    }

    private static void replicasRespected(List<Segment> segments, List<ReplicatedRange> ranges, long seed) {
        Random random = new Random(seed);
        for (int probe = 0; probe < 2_000; probe++) {
            long token = random.nextLong();
            Segment segment = segments.stream().filter(s -> s.ranges().stream().anyMatch(r -> r.contains(token)))
                    .findFirst().orElseThrow();
            ReplicatedRange owner = ranges.stream().filter(r -> r.range().contains(token)).findFirst().orElseThrow();
            assertThat(segment.replicas()).as("token %d", token).isEqualTo(owner.replicas());
        }
    }

    @Test
    void oneNodeWithOneTokenIsCutIntoSegmentsPerNodeEqualSegments() {
        List<ReplicatedRange> ring = List.of(new ReplicatedRange(new TokenRange(42, 42), Set.of("127.0.0.1")));
        List<Segment> segments = SegmentPlanner.plan(ring, 64);
        assertThat(segments).hasSize(64);
        coversTheRingOnce(segments);
        assertThat(segments.get(0).width()).isEqualTo(TokenRange.RING.divide(BigInteger.valueOf(64)));
    }

    @Test
    void threeNodesWithOneTokenEachGiveAboutSegmentsPerNodeTimesNodes() {
        List<ReplicatedRange> ring = ring(3, 1, 3, 7);
        List<Segment> segments = SegmentPlanner.plan(ring, 64);
        assertThat(segments.size()).isBetween(192, 195);
        coversTheRingOnce(segments);
        replicasRespected(segments, ring, 8);
    }

    @Test
    void vnodesAreGatheredBySameReplicasIntoFewerSegmentsThanRanges() {
        List<ReplicatedRange> ring = ring(3, 256, 2, 11);
        List<Segment> segments = SegmentPlanner.plan(ring, 16);
        assertThat(ring).hasSize(768);
        assertThat(segments.size()).isLessThan(ring.size()).isGreaterThanOrEqualTo(48);
        coversTheRingOnce(segments);
        replicasRespected(segments, ring, 12);
        BigInteger target = TokenRange.RING.divide(BigInteger.valueOf(3 * 16));
        assertThat(segments).allMatch(s -> s.width().compareTo(target) <= 0);
        assertThat(segments.stream().filter(s -> s.ranges().size() > 1)).as("gathered segments").isNotEmpty();
    }

    @Test
    void aRingWrappingPastTheHighestTokenIsCoveredToo() {
        List<ReplicatedRange> ring = List.of(
                new ReplicatedRange(new TokenRange(Long.MAX_VALUE - 10, Long.MIN_VALUE + 10), Set.of("a", "b")),
                new ReplicatedRange(new TokenRange(Long.MIN_VALUE + 10, Long.MAX_VALUE - 10), Set.of("a", "b")));
        List<Segment> segments = SegmentPlanner.plan(ring, 4);
        coversTheRingOnce(segments);
        assertThat(segments.stream().filter(s -> s.ranges().stream().anyMatch(r -> r.contains(Long.MIN_VALUE))))
                .hasSize(1);
    }

    @Test
    void theRingAsStorageServiceReportsItIsReadWithReplicasByAddress() {
        List<ReplicatedRange> ranges = RingReader.parse(java.util.Map.of(
                List.of("-3074457345618258603", "3074457345618258602"), List.of("127.0.0.2:7000", "127.0.0.3:7000"),
                List.of("3074457345618258602", "-3074457345618258603"), List.of("127.0.0.3:7000", "127.0.0.1:7000")));
        assertThat(ranges).contains(new ReplicatedRange(new TokenRange(-3074457345618258603L, 3074457345618258602L),
                Set.of("127.0.0.2", "127.0.0.3")));
        coversTheRingOnce(SegmentPlanner.plan(ranges, 2));
    }

    @Test
    void intensityPausesInProportionToTheWork() {
        assertThat(Pacing.pauseAfter(Duration.ofSeconds(10), 1.0)).isZero();
        assertThat(Pacing.pauseAfter(Duration.ofSeconds(10), 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Pacing.pauseAfter(Duration.ofSeconds(10), 0.25)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Pacing.pauseAfter(Duration.ofSeconds(1), 0)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> Pacing.pauseAfter(Duration.ofSeconds(1), 1.5)).hasMessageContaining("(0, 1]");
    }
}
