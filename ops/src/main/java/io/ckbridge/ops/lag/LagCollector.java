package io.ckbridge.ops.lag;

import io.ckbridge.ops.kafka.KafkaAnswers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * One round of lag: every consumer group, its committed offsets and the end offsets of its
 * partitions from the admin client, judged by {@link LagTracker} with the commits
 * {@link CommitLogTail} read meanwhile, plus lag in seconds for the partitions behind.
 */
public final class LagCollector implements AutoCloseable {
    /** How long a poll asks Kafka whether it is back, once a round has failed. */
    static final int PROBE_TIMEOUT_MS = 3_000;
    private final Admin admin;
    private final LagTracker tracker;
    private final CommitLogTail tail;
    private final RecordTimes recordTimes;
    private boolean answered = true;

    public LagCollector(Map<String, Object> clientConfig, LagTracker tracker) {
        this.admin = Admin.create(clientConfig);
        this.tracker = tracker;
        this.recordTimes = new RecordTimes(clientConfig);
        this.tail = new CommitLogTail(clientConfig, tracker);
        tail.start();
    }

    /** Whether commit times come from {@code __consumer_offsets} (see {@link LagTracker}). */
    public boolean readingCommitLog() {
        return tail.reading();
    }

    /**
     * Every group judged now. {@code connectors} and {@code materializerIds} name what the groups
     * are (see {@link GroupKind}).
     */
    public List<GroupLag> collect(Set<String> connectors, Set<String> materializerIds) throws Exception {
        if (!answered) {
            probe();
        }
        answered = false;
        Map<String, String> states = groups();
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Set<TopicPartition> partitions = new HashSet<>();
        for (String group : states.keySet()) {
            Map<TopicPartition, Long> offsets = committedOffsets(group);
            committed.put(group, offsets);
            partitions.addAll(offsets.keySet());
        }
        tracker.onEndOffsets(endOffsets(partitions));
        long now = System.currentTimeMillis();
        tracker.retainGroups(states.keySet());
        List<GroupLag> groups = new ArrayList<>();
        for (Map.Entry<String, String> group : states.entrySet()) {
            tracker.onCommitted(group.getKey(), committed.get(group.getKey()), now);
            List<PartitionLag> judged = withLagSeconds(tracker.evaluate(group.getKey(), now));
            GroupKind kind = GroupKind.of(group.getKey(), connectors, materializerIds);
            LagStatus status = LagStatus.OK;
            long total = 0;
            Double maxSeconds = null;
            for (PartitionLag partition : judged) {
                status = status.worse(partition.status());
                total += partition.lag();
                if (partition.lagSeconds() != null) {
                    maxSeconds = maxSeconds == null ? partition.lagSeconds() : Math.max(maxSeconds,
                            partition.lagSeconds());
                }
            }
            groups.add(new GroupLag(group.getKey(), kind.kind(), kind.connector(), group.getValue(), status, total,
                    maxSeconds, judged));
        }
        groups.sort((a, b) -> a.group().compareTo(b.group()));
        answered = true;
        return groups;
    }

    /**
     * While Kafka stays away a poll learns so within seconds instead of the whole answer timeout
     * of a round, so that the rest of the pipeline's view (nodes, CDC, repair) stays current.
     */
    private void probe() throws Exception {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MS)).clusterId()
                    .get(PROBE_TIMEOUT_MS + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TimeoutException("Kafka did not answer within " + PROBE_TIMEOUT_MS / 1000
                    + " s, as in the poll before");
        }
    }

    /** Groups that commit offsets (classic and consumer protocol, Kafka Streams), with their state. */
    private Map<String, String> groups() throws Exception {
        Map<String, String> states = new HashMap<>();
        Collection<GroupListing> listings = KafkaAnswers.get(admin.listGroups().all());
        for (GroupListing listing : listings) {
            boolean share = listing.type().filter(type -> type == GroupType.SHARE).isPresent();
            if (share || "connect".equals(listing.protocol())) {
                continue; // share groups commit no offsets; Connect workers' own group is not a consumer
            }
            states.put(listing.groupId(), listing.groupState().map(Enum::name).orElse("UNKNOWN"));
        }
        return states;
    }

    private Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> read = KafkaAnswers.get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        read.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (!latest.isEmpty()) {
            Map<TopicPartition, ListOffsetsResultInfo> read = KafkaAnswers.get(admin.listOffsets(latest).all());
            read.forEach((partition, info) -> ends.put(partition, info.offset()));
        }
        return ends;
    }

    /** Lag in seconds: the newest record's produce time minus that of the next record the group reads. */
    private List<PartitionLag> withLagSeconds(List<PartitionLag> partitions) {
        List<PartitionLag> timed = new ArrayList<>();
        for (PartitionLag partition : partitions) {
            if (partition.lag() == 0) {
                timed.add(partition);
                continue;
            }
            TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
            Double seconds = recordTimes.at(topicPartition, partition.committedOffset())
                    .flatMap(next -> recordTimes.at(topicPartition, partition.endOffset() - 1)
                            .map(newest -> Math.max(0, newest - next) / 1000.0))
                    .orElse(null);
            timed.add(new PartitionLag(partition.topic(), partition.partition(), partition.committedOffset(),
                    partition.endOffset(), partition.lag(), seconds, partition.status(), partition.complete(),
                    partition.window()));
        }
        return timed;
    }

    @Override
    public void close() {
        tail.close();
        recordTimes.close();
        admin.close();
    }
}
