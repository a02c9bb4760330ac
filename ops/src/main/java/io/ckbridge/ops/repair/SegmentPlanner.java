package io.ckbridge.ops.repair;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a keyspace's token ranges into repair segments, as Cassandra Reaper does: about
 * {@code segmentsPerNode × nodes} segments, none wider than the ring's share of one: a range
 * wider than that is cut into equal parts, and ranges narrower than it (vnodes) are gathered,
 * by replica set, as long as the segment stays within it. Every token is in exactly one
 * segment, and a segment's ranges all have its replicas.
 */
public final class SegmentPlanner {
    private SegmentPlanner() {
    }

    public static List<Segment> plan(List<ReplicatedRange> ranges, int segmentsPerNode) {
        if (segmentsPerNode < 1) {
            throw new IllegalArgumentException("segments per node must be at least 1, not " + segmentsPerNode);
        }
        long nodes = ranges.stream().flatMap(range -> range.replicas().stream()).distinct().count();
        BigInteger target = TokenRange.RING.divide(BigInteger.valueOf(Math.max(1, nodes) * segmentsPerNode))
                .max(BigInteger.ONE);
        List<ReplicatedRange> ordered = new ArrayList<>(ranges);
        ordered.sort(Comparator.comparingLong(range -> range.range().start()));
        List<Segment> segments = new ArrayList<>();
        // narrow ranges wait here, by replica set, until together they are one segment wide
        Map<Set<String>, List<TokenRange>> gathering = new LinkedHashMap<>();
        Map<Set<String>, BigInteger> gathered = new LinkedHashMap<>();
        for (ReplicatedRange range : ordered) {
            BigInteger width = range.range().width();
            if (width.compareTo(target) >= 0) {
                int parts = width.add(target).subtract(BigInteger.ONE).divide(target).intValueExact();
                for (TokenRange piece : range.range().split(parts)) {
                    segments.add(new Segment(List.of(piece), range.replicas()));
                }
                continue;
            }
            BigInteger sum = gathered.getOrDefault(range.replicas(), BigInteger.ZERO);
            if (sum.signum() > 0 && sum.add(width).compareTo(target) > 0) {
                // never wider than the target: the segment closes before this range would overfill it
                segments.add(new Segment(gathering.remove(range.replicas()), range.replicas()));
                sum = BigInteger.ZERO;
            }
            gathering.computeIfAbsent(range.replicas(), key -> new ArrayList<>()).add(range.range());
            gathered.put(range.replicas(), sum.add(width));
        }
        gathering.forEach((replicas, rest) -> segments.add(new Segment(rest, replicas)));
        return segments;
    }
}
