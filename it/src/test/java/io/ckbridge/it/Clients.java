package io.ckbridge.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Clients of a sandbox's servers, for tests. */
public final class Clients {
    private Clients() {
    }

    public static CqlSession cql(Sandbox sandbox) {
        SandboxSettings settings = sandbox.settings();
        List<InetSocketAddress> points = settings.cassandraContactPoints().stream()
                .map(point -> new InetSocketAddress(point.substring(0, point.indexOf(':')), settings.cassandraPort()))
                .toList();
        var builder = CqlSession.builder()
                .addContactPoints(points)
                .withLocalDatacenter(SandboxSettings.DATACENTER)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build());
        if (settings.cassandraAuth()) {
            builder.withAuthCredentials(SandboxSettings.SUPERUSER, SandboxSettings.SUPERUSER_PASSWORD);
        }
        return builder.build();
    }

    public static Admin admin(Sandbox sandbox) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers()));
    }

    public static KafkaProducer<String, String> stringProducer(Sandbox sandbox) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
    }

    public static KafkaProducer<byte[], byte[]> bytesProducer(Sandbox sandbox) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<String, String> stringConsumer(Sandbox sandbox) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // reading before a topic exists must not create it (with the broker's default partitions)
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }

    public static KafkaConsumer<byte[], byte[]> bytesConsumer(Sandbox sandbox) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Rows of a table, counted by paging through its partition keys (no COUNT(*) aggregation). */
    public static long rowCount(CqlSession session, String table) {
        long rows = 0;
        for (com.datastax.oss.driver.api.core.cql.Row ignored : session.execute(
                com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT * FROM " + table).setPageSize(5000))) {
            rows++;
        }
        return rows;
    }

    /**
     * Deletes these topics where they exist, waiting until they are gone or, when a client's
     * metadata request re-created one at once (broker auto-creation), until it is a new, empty topic.
     */
    public static void deleteTopics(Sandbox sandbox, String... topics) {
        try (Admin admin = admin(sandbox)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> present = Arrays.stream(topics).filter(existing::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            Map<String, Uuid> deleted = new HashMap<>();
            admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((name, description) -> deleted.put(name, description.topicId()));
            admin.deleteTopics(present).all().get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                Set<String> now = admin.listTopics().names().get();
                for (String name : present) {
                    if (now.contains(name) && deleted.get(name).equals(
                            admin.describeTopics(List.of(name)).allTopicNames().get().get(name).topicId())) {
                        return false;
                    }
                }
                return true;
            });
        } catch (Exception e) {
            throw new AssertionError("cannot delete topics " + Arrays.toString(topics), e);
        }
    }

    /** Creates a topic with this many partitions. */
    public static void createTopic(Sandbox sandbox, String topic, int partitions) {
        try (Admin admin = admin(sandbox)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
            // Created is not yet led: a producer that writes at once can meet NOT_LEADER_OR_FOLLOWER on a
            // partition and then, seen in CI, retry it forever with OUT_OF_ORDER_SEQUENCE_NUMBER (its
            // idempotence sequence gone astray), so the records never arrive. Listing offsets answers
            // only once the broker leads every partition.
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).size() == partitions);
        } catch (Exception e) {
            throw new AssertionError("cannot create topic " + topic, e);
        }
    }

    /** Sends key/value pairs (value null: a tombstone) and waits until Kafka has them all. */
    public static void send(Sandbox sandbox, String topic, String... keysAndValues) {
        try (KafkaProducer<String, String> producer = stringProducer(sandbox)) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                producer.send(new ProducerRecord<>(topic, keysAndValues[i], keysAndValues[i + 1]));
            }
            producer.flush();
        }
    }

    /** Every record of a topic's partitions up to their end offsets at the time of the call. */
    public static List<ConsumerRecord<String, String>> readAll(Sandbox sandbox, String topic) {
        try (KafkaConsumer<String, String> consumer = stringConsumer(sandbox)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
