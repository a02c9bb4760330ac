package io.ckbridge.cdc.position;

/**
 * How far the publisher has published: every change of segments before {@code segmentId}, and
 * of that segment up to byte {@code offset}, is acknowledged by Kafka.
 */
public record SegmentPosition(long segmentId, int offset) implements Comparable<SegmentPosition> {
    public static final SegmentPosition START = new SegmentPosition(Long.MIN_VALUE, 0);

    @Override
    public int compareTo(SegmentPosition other) {
        int bySegment = Long.compare(segmentId, other.segmentId);
        return bySegment != 0 ? bySegment : Integer.compare(offset, other.offset);
    }
}
