package io.ckbridge.source.read;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A slice (start, end] of the Murmur3 token ring. */
public record TokenSplit(long start, long end) {

    /** The ring in {@code count} slices of equal width, together covering every token. */
    public static List<TokenSplit> ring(int count) {
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger width = BigInteger.TWO.pow(64);
        List<TokenSplit> splits = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 1; i <= count; i++) {
            long end = i == count ? Long.MAX_VALUE : min.add(width.multiply(BigInteger.valueOf(i))
                    .divide(BigInteger.valueOf(count))).longValue();
            splits.add(new TokenSplit(previous, end));
            previous = end;
        }
        return splits;
    }

    public static TokenSplit parse(String text) {
        int at = text.indexOf(':');
        return new TokenSplit(Long.parseLong(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
    }

    @Override
    public String toString() {
        return start + ":" + end;
    }
}
