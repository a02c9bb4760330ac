package io.ckbridge.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/** Clients of a sandbox's servers, for tests. */
public final class Clients {
    /** How often {@link #poll} checks: for cheap checks (an HTTP call, a query), not for reads of a whole topic. */
    public static final Duration POLL = Duration.ofMillis(250);

    private Clients() {
    }

    /**
     * A wait that checks at once and then every {@link #POLL} (Awaitility's default waits one
     * poll interval before the first check).
     */
    public static ConditionFactory poll(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL);
    }

    /** A session on every node, as the sandbox's user (over its TLS when it is secure). */
    public static CqlSession cql(Sandbox sandbox) {
        Map<String, String> settings = sandbox.access().cassandraSettings(String.join(",",
                sandbox.settings().cassandraContactPoints()));
        settings.put(CassandraConnectionConfig.REQUEST_TIMEOUT_MS, "30000");
        return SessionFactory.open(CassandraConnectionConfig.connection(settings), "it", config -> config
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30)));
    }

    /** Runs CQL statements in order, on a session of their own. */
    public static void execute(Sandbox sandbox, String... statements) {
        try (CqlSession session = cql(sandbox)) {
            for (String statement : statements) {
                session.execute(statement);
            }
        }
    }

    /** A keyspace of one replica (SimpleStrategy), unless it exists. */
    public static void createKeyspace(Sandbox sandbox, String keyspace) {
        execute(sandbox, "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    }

    public static Admin admin(Sandbox sandbox) {
        return Admin.create(sandbox.access().kafkaClient(Map.of()));
    }

    public static KafkaProducer<String, String> stringProducer(Sandbox sandbox) {
        return new KafkaProducer<>(sandbox.access().kafkaClient(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5)), new StringSerializer(), new StringSerializer());
    }

    public static KafkaProducer<byte[], byte[]> bytesProducer(Sandbox sandbox) {
        return new KafkaProducer<>(sandbox.access().kafkaClient(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<String, String> stringConsumer(Sandbox sandbox) {
        return new KafkaConsumer<>(sandbox.access().kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a transactional producer's aborted records are not there for a reader
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // reading before a topic exists must not create it (with the broker's default partitions)
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(), new StringDeserializer());
    }

    public static KafkaConsumer<byte[], byte[]> bytesConsumer(Sandbox sandbox) {
        return new KafkaConsumer<>(sandbox.access().kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Rows of a table, counted by paging through its partition keys (no COUNT(*) aggregation). */
    public static long rowCount(CqlSession session, String table) {
        long rows = 0;
        for (com.datastax.oss.driver.api.core.cql.Row ignored : session.execute(
                com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT * FROM " + table)
                .setPageSize(5000))) {
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

    /**
     * Every record of a topic up to its end offsets at the time of the call (committed records only:
     * the end of a transactional topic is its last stable offset). Fails when the topic does not
     * exist, when Kafka does not answer, or when the end is not reached within 30 s.
     */
    public static List<ConsumerRecord<String, String>> readAll(Sandbox sandbox, String topic) {
        return readIfExists(sandbox, topic).orElseThrow(() -> new AssertionError("topic " + topic + " does not exist"));
    }

    /** As {@link #readAll}, but empty when the topic does not exist (yet): the one outcome that is not a failure. */
    public static Optional<List<ConsumerRecord<String, String>>> readIfExists(Sandbox sandbox, String topic) {
        return readIfExists(sandbox, topic, () -> stringConsumer(sandbox));
    }

    /** As {@link #readAll}, the keys and values as bytes (Avro, say); committed and uncommitted records. */
    public static List<ConsumerRecord<byte[], byte[]>> readAllBytes(Sandbox sandbox, String topic) {
        return readIfExists(sandbox, topic, () -> bytesConsumer(sandbox))
                .orElseThrow(() -> new AssertionError("topic " + topic + " does not exist"));
    }

    private static <K, V> Optional<List<ConsumerRecord<K, V>>> readIfExists(Sandbox sandbox, String topic,
            Supplier<KafkaConsumer<K, V>> consumers) {
        List<TopicPartition> partitions = partitions(sandbox, topic).orElse(null);
        if (partitions == null) {
            return Optional.empty();
        }
        try (KafkaConsumer<K, V> consumer = consumers.get()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    partitions.forEach(p -> positions.put(p, consumer.position(p)));
                    throw new AssertionError("reading " + topic + " did not reach its end offsets " + end
                            + " within 30 s: positions " + positions + " after " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return Optional.of(records);
        } catch (KafkaException e) {
            throw new AssertionError("cannot read topic " + topic + ": " + e, e);
        }
    }

    /** Whether the broker knows the topic. */
    public static boolean topicExists(Sandbox sandbox, String topic) {
        return partitions(sandbox, topic).isPresent();
    }

    /** The topic's partitions, or empty when it does not exist; fails when Kafka does not answer. */
    public static Optional<List<TopicPartition>> partitions(Sandbox sandbox, String topic) {
        try (Admin admin = admin(sandbox)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            return Optional.of(description.partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new AssertionError("cannot describe topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Kafka did not describe topic " + topic + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while describing topic " + topic, e);
        }
    }

    /**
     * Waits until the topic holds at least {@code count} records and returns them all. A topic that
     * does not exist yet counts as none so far; any failure to read it fails at once.
     */
    /** At least {@code count} records of the topic as bytes, waited for (the topic too) up to {@code within}. */
    public static List<ConsumerRecord<byte[], byte[]>> awaitBytes(Sandbox sandbox, String topic, int count,
            Duration within) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
                seen.clear();
                if (topicExists(sandbox, topic)) {
                    seen.addAll(readAllBytes(sandbox, topic));
                }
                return seen.size() >= count;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " records not on " + topic + " within " + within + ": " + seen.size()
                    + " there", e);
        }
        return seen;
    }

    public static List<ConsumerRecord<String, String>> awaitRecords(Sandbox sandbox, String topic, int count,
                                                                    Duration within) {
        AtomicReference<List<ConsumerRecord<String, String>>> seen = new AtomicReference<>();
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
                seen.set(readIfExists(sandbox, topic).orElse(null));
                return seen.get() != null && seen.get().size() >= count;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " records not on " + topic + " within " + within + ": "
                    + (seen.get() == null ? "the topic does not exist" : seen.get().size() + " there"), e);
        }
        return seen.get();
    }
}
