package io.ckbridge.ops.repair;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * The unit a repair runs and records: one or more token ranges that share one replica set, so
 * that Cassandra repairs them in one session among the same nodes.
 */
public record Segment(List<TokenRange> ranges, Set<String> replicas) {
    public Segment {
        ranges = List.copyOf(ranges);
        replicas = Set.copyOf(replicas);
    }

    public BigInteger width() {
        return ranges.stream().map(TokenRange::width).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
