package io.ckbridge.ops.repair;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A range of Murmur3 tokens as Cassandra writes it, {@code (start, end]}: start excluded, end
 * included; it wraps past the highest token when {@code end <= start}, and {@code start == end}
 * is the whole ring (one node, one token).
 */
public record TokenRange(long start, long end) {
    /** How many tokens the ring holds: 2^64. */
    public static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

    /** How many tokens it holds. */
    public BigInteger width() {
        BigInteger width = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start)).mod(RING);
        return width.signum() == 0 ? RING : width;
    }

    /** {@code parts} consecutive ranges covering exactly this one (the last takes the remainder). */
    public List<TokenRange> split(int parts) {
        BigInteger width = width();
        if (parts < 1 || BigInteger.valueOf(parts).compareTo(width) > 0) {
            throw new IllegalArgumentException("cannot split " + this + " into " + parts + " parts");
        }
        List<TokenRange> pieces = new ArrayList<>();
        BigInteger step = width.divide(BigInteger.valueOf(parts));
        long from = start;
        for (int i = 1; i < parts; i++) {
            long to = BigInteger.valueOf(start).add(step.multiply(BigInteger.valueOf(i))).longValue();
            pieces.add(new TokenRange(from, to));
            from = to;
        }
        pieces.add(new TokenRange(from, end));
        return pieces;
    }

    /** Whether {@code token} is in it. */
    public boolean contains(long token) {
        if (start == end) {
            return true;
        }
        return start < end ? token > start && token <= end : token > start || token <= end;
    }

    /** {@code (start,end]}, as {@link #toString} and Cassandra write it. */
    public static TokenRange parse(String text) {
        String trimmed = text.trim();
        int comma = trimmed.indexOf(',');
        if (!trimmed.startsWith("(") || !trimmed.endsWith("]") || comma < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a token range (start,end]");
        }
        return new TokenRange(Long.parseLong(trimmed.substring(1, comma).trim()),
                Long.parseLong(trimmed.substring(comma + 1, trimmed.length() - 1).trim()));
    }

    @Override
    public String toString() {
        return "(" + start + "," + end + "]";
    }
}
