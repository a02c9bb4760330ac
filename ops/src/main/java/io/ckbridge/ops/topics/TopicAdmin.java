package io.ckbridge.ops.topics;

import io.ckbridge.ops.kafka.KafkaAnswers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** Topics through Kafka's admin client: list, describe, create, delete. */
public final class TopicAdmin implements AutoCloseable {
    private final Admin admin;

    public TopicAdmin(Map<String, Object> clientConfig) {
        this.admin = Admin.create(clientConfig);
    }

    /** A topic in the list. */
    public record TopicSummary(String name, int partitions, int replicationFactor, boolean internal) {
    }

    /** One partition: its leader, replicas and in-sync replicas by broker id, and its offsets. */
    public record PartitionInfo(int partition, Integer leader, List<Integer> replicas, List<Integer> isr,
            long earliestOffset, long endOffset) {
    }

    /**
     * A topic described: partitions, and the configs set on the topic itself, as
     * {@code kafka-topics --describe} lists them (sensitive values shown as {@code [hidden]}).
     *
     * @param messages end offset minus earliest offset, summed (records kept, compaction aside)
     */
    public record TopicDetails(String name, boolean internal, int replicationFactor, List<PartitionInfo> partitions,
            long messages, Map<String, String> configs) {
    }

    public List<TopicSummary> list() throws Exception {
        Collection<String> names = KafkaAnswers.get(admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names());
        Map<String, TopicDescription> descriptions = KafkaAnswers.get(admin.describeTopics(names).allTopicNames());
        List<TopicSummary> topics = new ArrayList<>();
        new TreeMap<>(descriptions).forEach((name, description) -> topics.add(new TopicSummary(name,
                description.partitions().size(), replicationFactor(description), description.isInternal())));
        return topics;
    }

    /** The topic, or empty when Kafka has none of that name. */
    public Optional<TopicDetails> describe(String name) throws Exception {
        TopicDescription description;
        try {
            description = KafkaAnswers.get(admin.describeTopics(List.of(name)).allTopicNames()).get(name);
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            earliest.put(new TopicPartition(name, partition.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = KafkaAnswers.get(admin.listOffsets(earliest).all());
        Map<TopicPartition, ListOffsetsResultInfo> ends = KafkaAnswers.get(admin.listOffsets(latest).all());
        List<PartitionInfo> partitions = new ArrayList<>();
        long messages = 0;
        for (TopicPartitionInfo partition : description.partitions()) {
            TopicPartition key = new TopicPartition(name, partition.partition());
            long start = starts.get(key).offset();
            long end = ends.get(key).offset();
            messages += Math.max(0, end - start);
            partitions.add(new PartitionInfo(partition.partition(), partition.leader() == null ? null
                    : partition.leader().id(), ids(partition.replicas()), ids(partition.isr()), start, end));
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = KafkaAnswers.get(admin.describeConfigs(List.of(resource)).all()).get(resource);
        Map<String, String> configs = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                configs.put(entry.name(), entry.isSensitive() ? "[hidden]" : entry.value());
            }
        }
        return Optional.of(new TopicDetails(name, description.isInternal(), replicationFactor(description),
                partitions, messages, configs));
    }

    /** Creates a topic; Kafka's own error (exists, bad replication factor, bad config) is thrown as it is. */
    public void create(String name, int partitions, short replicationFactor, Map<String, String> configs)
            throws Exception {
        KafkaAnswers.get(admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactor)
                .configs(new LinkedHashMap<>(configs)))).all());
    }

    public void delete(String name) throws Exception {
        KafkaAnswers.get(admin.deleteTopics(List.of(name)).all());
    }

    private static int replicationFactor(TopicDescription description) {
        return description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    @Override
    public void close() {
        admin.close();
    }
}
