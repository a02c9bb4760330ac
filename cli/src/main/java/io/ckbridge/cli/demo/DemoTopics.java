package io.ckbridge.cli.demo;

import io.ckbridge.cli.CliException;
import io.ckbridge.sandbox.SandboxAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the demo's records off a topic. It waits for the topic to exist before subscribing, so
 * that the consumer never asks for a topic a connector or the materializer has not made yet
 * (Kafka's client logs a warning for each such request, which would leak into the demo's output).
 */
final class DemoTopics {
    private final SandboxAccess access;
    private final Duration wait;

    DemoTopics(SandboxAccess access, Duration wait) {
        this.access = access;
        this.wait = wait;
    }

    /** The values of the first {@code expected} records matching, from the topic's beginning. */
    List<String> await(String topic, int expected, Predicate<ConsumerRecord<String, String>> matching,
            String whenLate) {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        awaitTopic(topic, deadline, whenLate);
        Map<String, Object> config = access.kafkaClient(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bridge-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected) {
                if (System.currentTimeMillis() > deadline) {
                    throw new CliException(whenLate);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null && matching.test(record) && values.size() < expected) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }

    private void awaitTopic(String topic, long deadline, String whenLate) {
        try (Admin admin = Admin.create(access.kafkaClient(Map.of()))) {
            while (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new CliException(whenLate);
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        } catch (Exception e) {
            if (e instanceof CliException cli) {
                throw cli;
            }
            throw new CliException("Kafka did not list its topics: " + e.getMessage());
        }
    }
}
