package io.ckbridge.ops.lag;

/**
 * One offset commit of a group for one partition, as Burrow keeps it.
 *
 * @param offset      the committed offset (the next record the group will read)
 * @param timestampMs when the group committed it (the commit's own timestamp)
 * @param lag         the partition's end offset known at that time minus {@code offset}
 */
public record Commit(long offset, long timestampMs, long lag) {
}
