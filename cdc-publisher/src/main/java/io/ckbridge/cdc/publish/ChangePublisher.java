package io.ckbridge.cdc.publish;

import io.ckbridge.cdc.decode.RawChangeRecord;
import io.ckbridge.common.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends raw changes to {@code <prefix>.raw.<keyspace>.<table>} with an idempotent producer, keyed
 * by partition key so a partition's changes stay in order on one Kafka partition. A batch counts
 * as published only once Kafka acknowledged every record of it.
 */
public final class ChangePublisher implements AutoCloseable {
    private final String bootstrapServers;
    private final String prefix;
    private final int topicPartitions;
    private final short replicationFactor;
    private final Map<String, Object> clientProperties;
    private final Set<String> knownTopics = new HashSet<>();
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    /** {@code clientProperties}: a Kafka client properties file's settings (security), for the producer and admin. */
    public ChangePublisher(String bootstrapServers, String prefix, int topicPartitions, short replicationFactor,
            Map<String, Object> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.prefix = prefix;
        this.topicPartitions = topicPartitions;
        this.replicationFactor = replicationFactor;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic(String keyspace, String table) {
        return prefix + ".raw." + keyspace + "." + table;
    }

    /** Sends the changes and waits until Kafka has acknowledged them all. */
    public void publish(List<RawChangeRecord> changes) throws InterruptedException, ExecutionException {
        open();
        List<Future<RecordMetadata>> sent = new ArrayList<>(changes.size());
        for (RawChangeRecord change : changes) {
            String topic = topic(change.keyspace(), change.table());
            ensureTopic(topic);
            sent.add(producer.send(new ProducerRecord<>(topic, change.key(), change.value())));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
    }

    private void open() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClientProperties.over(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "cdc-publisher",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 2,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), clientProperties),
                    new ByteArraySerializer(), new ByteArraySerializer());
            admin = Admin.create(KafkaClientProperties.over(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000), clientProperties));
        }
    }

    /** Raw topics get a fixed partition count, not whatever auto-creation would give them. */
    private void ensureTopic(String topic) throws InterruptedException, ExecutionException {
        if (knownTopics.contains(topic)) {
            return;
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, topicPartitions, replicationFactor))).all()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException("Kafka did not answer within 10 s while creating " + topic, e);
        }
        knownTopics.add(topic);
    }

    /** Drops the producer after a failure: the next batch starts with a fresh one. */
    public void reset() {
        close();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
