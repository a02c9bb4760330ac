package io.ckbridge.ops.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The commit windows of every group and partition, and the partitions' end offsets: what
 * {@link LagRules} judges. Commits come from two places: the commit log itself
 * ({@code __consumer_offsets}, with each commit's own time, as Burrow reads it), and each round's
 * committed offsets from the admin client, which stand in for commits the log did not show (no
 * right to read it, or not read yet). The second cannot see a group committing the same offset
 * again, so without the first a stalled group shows as STOP rather than STALL.
 */
public final class LagTracker {
    private final int windowSize;
    private final long minDistanceMs;
    private final long minStopMs;
    private final Map<GroupPartition, CommitWindow> windows = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private final Map<GroupPartition, Long> waitingSince = new ConcurrentHashMap<>();

    /**
     * @param windowSize    commits judged per partition (Burrow's {@code intervals}, 10)
     * @param minDistanceMs commits closer than this replace the newest one
     * @param minStopMs     the shortest silence judged STOP (see {@link LagRules})
     */
    public LagTracker(int windowSize, long minDistanceMs, long minStopMs) {
        this.windowSize = windowSize;
        this.minDistanceMs = minDistanceMs;
        this.minStopMs = minStopMs;
    }

    /**
     * A commit read from the commit log, with the partition's end offset read right after it (the
     * commit's lag; the newest end offset known when {@code endOffset} is null).
     */
    public void onCommit(String group, TopicPartition partition, long offset, long timestampMs, Long endOffset) {
        long lag = endOffset == null ? lag(partition, offset) : Math.max(0, endOffset - offset);
        window(group, partition).add(new Commit(offset, timestampMs, lag));
    }

    /** A group's committed offsets as the admin client reads them now. */
    public void onCommitted(String group, Map<TopicPartition, Long> offsets, long nowMs) {
        offsets.forEach((partition, offset) -> {
            CommitWindow window = window(group, partition);
            List<Commit> commits = window.commits();
            if (commits.isEmpty() || commits.get(commits.size() - 1).offset() != offset) {
                window.add(new Commit(offset, nowMs, lag(partition, offset)));
            }
        });
        // a partition the group no longer has an offset for (its topic deleted) is no longer judged
        windows.keySet().removeIf(key -> key.group().equals(group) && !offsets.containsKey(key.partition()));
        waitingSince.keySet().removeIf(key -> !windows.containsKey(key));
    }

    public void onEndOffsets(Map<TopicPartition, Long> offsets) {
        endOffsets.putAll(offsets);
    }

    /** Forgets groups that no longer exist. */
    public void retainGroups(Set<String> groups) {
        windows.keySet().removeIf(key -> !groups.contains(key.group()));
        waitingSince.keySet().removeIf(key -> !windows.containsKey(key));
    }

    /** Every partition of {@code group} judged at {@code nowMs}, by topic and partition. */
    public List<PartitionLag> evaluate(String group, long nowMs) {
        List<PartitionLag> partitions = new ArrayList<>();
        windows.forEach((key, window) -> {
            if (!key.group().equals(group)) {
                return;
            }
            List<Commit> commits = window.commits();
            if (commits.isEmpty()) {
                return;
            }
            long committed = commits.get(commits.size() - 1).offset();
            long end = endOffsets.getOrDefault(key.partition(), committed);
            long lag = Math.max(0, end - committed);
            Long since = lag == 0 ? null : waitingSince.computeIfAbsent(key, waiting -> nowMs);
            if (lag == 0) {
                waitingSince.remove(key);
            }
            LagStatus status = LagRules.evaluate(commits, lag, since, nowMs, minStopMs);
            partitions.add(new PartitionLag(key.partition().topic(), key.partition().partition(), committed, end, lag,
                    lag == 0 ? 0.0 : null, status, window.complete(), commits));
        });
        partitions.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return partitions;
    }

    private long lag(TopicPartition partition, long offset) {
        Long end = endOffsets.get(partition);
        return end == null ? 0 : Math.max(0, end - offset);
    }

    private CommitWindow window(String group, TopicPartition partition) {
        return windows.computeIfAbsent(new GroupPartition(group, partition),
                key -> new CommitWindow(windowSize, minDistanceMs));
    }
}
