package io.ckbridge.materializer.topology;

import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.kafka.KafkaConnectionErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the change topics (and the dead-letter topic) on first use, with the configured partitions. */
public final class TopicCreator implements OutputTopics, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    /** How long a transient failure to create a topic is retried. */
    private static final Duration TRANSIENT_RETRY = Duration.ofSeconds(8);

    private final Admin admin;
    private final String bootstrapServers;
    private final int partitions;
    private final short replicationFactor;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public TopicCreator(String bootstrapServers, Map<String, Object> clientProperties, int partitions,
            short replicationFactor) {
        this.admin = Admin.create(KafkaClientProperties.over(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), clientProperties));
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void ensure(String topic) {
        ensure(topic, partitions);
    }

    /** Creates the topic with this many partitions unless it exists. */
    public void ensure(String topic, int topicPartitions) {
        if (known.contains(topic)) {
            return;
        }
        long deadline = System.nanoTime() + TRANSIENT_RETRY.toNanos();
        try {
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, topicPartitions, replicationFactor))).all()
                            .get(30, TimeUnit.SECONDS);
                    LOG.info("Created topic {} ({} partitions)", topic, topicPartitions);
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        break;
                    }
                    // A broker restarting is fenced for a moment ("all brokers are currently fenced"):
                    // worth a few more tries, within the transaction's timeout, before the task fails.
                    boolean transientError = e.getCause() instanceof RetriableException
                            || e.getCause() instanceof InvalidReplicationFactorException;
                    if (!transientError || System.nanoTime() > deadline) {
                        throw new StreamsException(KafkaConnectionErrors.explain("materializer", bootstrapServers,
                                e.getCause()).orElse("Cannot create topic " + topic + ": " + e.getCause().getMessage()),
                                e.getCause());
                    }
                    Thread.sleep(500);
                }
            }
        } catch (TimeoutException e) {
            throw new StreamsException("Kafka did not create topic " + topic + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while creating topic " + topic, e);
        }
        known.add(topic);
    }

    /** How many partitions the (existing) topic has. */
    public int partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        } catch (ExecutionException e) {
            throw new StreamsException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new StreamsException("Kafka did not describe topic " + topic + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("Interrupted while describing topic " + topic, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
