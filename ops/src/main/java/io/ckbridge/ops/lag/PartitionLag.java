package io.ckbridge.ops.lag;

import java.util.List;

/**
 * One partition of a group, judged.
 *
 * @param committedOffset the group's newest committed offset
 * @param endOffset       the partition's end offset (the next offset a producer writes)
 * @param lag             records between them
 * @param lagSeconds      produce time of the newest record minus that of the record at the committed
 *                        offset; 0 without lag, null when not (yet) known
 * @param complete        how full the commit window is, 0 to 1
 * @param window          the commits judged, oldest first
 */
public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long lag,
        Double lagSeconds, LagStatus status, double complete, List<Commit> window) {
}
