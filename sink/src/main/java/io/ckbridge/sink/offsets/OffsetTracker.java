package io.ckbridge.sink.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each partition are written. The offset safe to commit is the lowest one still
 * being written (or the next one to come when none is): records are acknowledged only once
 * written, even though writes complete out of order. Also remembers the next expected offset, so
 * a redelivered record is not written twice.
 */
public final class OffsetTracker {
    private final Map<TopicPartition, Progress> partitions = new ConcurrentHashMap<>();

    private static final class Progress {
        private final PendingOffsets pending = new PendingOffsets();
        /** Records accepted, then handed back unwritten: taken again when Connect redelivers them. */
        private final Set<Long> handedBack = new HashSet<>();
        private long next;

        Progress(long next) {
            this.next = next;
        }
    }

    /** Starts tracking a partition; records below {@code nextOffset} are taken as written (-1: none known). */
    public void assign(TopicPartition partition, long nextOffset) {
        partitions.put(partition, new Progress(nextOffset));
    }

    public void revoke(TopicPartition partition) {
        partitions.remove(partition);
    }

    /** Whether the record at this offset has not been taken yet. */
    public boolean isNew(TopicPartition partition, long offset) {
        Progress progress = partitions.get(partition);
        if (progress == null) {
            return true;
        }
        synchronized (progress) {
            return progress.next < 0 || offset >= progress.next || progress.handedBack.contains(offset);
        }
    }

    /** Whether the record at this offset is new; if so it is now being written. */
    public boolean accept(TopicPartition partition, long offset) {
        Progress progress = partitions.computeIfAbsent(partition, p -> new Progress(-1));
        synchronized (progress) {
            if (progress.handedBack.remove(offset)) {
                return true; // still pending since it was handed back
            }
            if (progress.next >= 0 && offset < progress.next) {
                return false;
            }
            progress.pending.add(offset);
            progress.next = offset + 1;
            return true;
        }
    }

    /**
     * Takes back a record that was accepted but not submitted: it is expected again when Connect
     * redelivers its batch, and holds the commit until then. Only that record: the ones around it
     * that were submitted (or set aside) are not taken, written or dead-lettered twice.
     */
    public void rollback(TopicPartition partition, long offset) {
        Progress progress = partitions.get(partition);
        if (progress != null) {
            synchronized (progress) {
                progress.handedBack.add(offset);
            }
        }
    }

    /** The record at this offset is written (or was set aside in the dead-letter queue). */
    public void done(TopicPartition partition, long offset) {
        Progress progress = partitions.get(partition);
        if (progress != null) {
            synchronized (progress) {
                progress.pending.remove(offset);
            }
        }
    }

    /** Offsets to commit: for each partition, the next record not yet written. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        partitions.forEach((partition, progress) -> {
            synchronized (progress) {
                long safe = progress.pending.isEmpty() ? progress.next : progress.pending.first();
                if (safe >= 0) {
                    result.put(partition, new OffsetAndMetadata(safe));
                }
            }
        });
        return result;
    }

    public boolean hasPending(Collection<TopicPartition> which) {
        for (TopicPartition partition : which) {
            Progress progress = partitions.get(partition);
            if (progress != null) {
                synchronized (progress) {
                    if (!progress.pending.isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public int pendingCount() {
        int count = 0;
        for (Progress progress : partitions.values()) {
            synchronized (progress) {
                count += progress.pending.size();
            }
        }
        return count;
    }
}
