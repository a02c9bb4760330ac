package io.ckbridge.cli.kafka;

import io.ckbridge.cli.CliException;
import io.ckbridge.cli.KafkaTarget;
import io.ckbridge.common.kafka.KafkaConnectionErrors;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "topics", mixinStandardHelpOptions = true, description =
        "List, describe, create and delete Kafka topics.")
public final class TopicsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: list, describe, create or delete.");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List topic names.")
    int list(@Mixin KafkaTarget kafka,
             @Option(names = "--internal", description =
                     "Include internal topics (__consumer_offsets, ...).") boolean internal)
            throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            var options = new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(internal);
            List<String> names = new ArrayList<>(await(admin.listTopics(options).names(), kafka));
            names.sort(null);
            PrintWriter out = spec.commandLine().getOut();
            names.forEach(out::println);
            out.flush();
        }
        return 0;
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description =
            "Show partitions, leaders, replicas and non-default configs.")
    int describe(@Mixin KafkaTarget kafka,
                 @Parameters(arity = "0..*", paramLabel = "TOPIC", description =
                         "Topics (default: all).") List<String> topics)
            throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Collection<String> names = topics == null || topics.isEmpty()
                    ? await(admin.listTopics().names(), kafka) : topics;
            Map<String, TopicDescription> descriptions = new TreeMap<>(await(admin.describeTopics(names)
                    .allTopicNames(), kafka));
            List<ConfigResource> resources = descriptions.keySet().stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), kafka);
            PrintWriter out = spec.commandLine().getOut();
            for (TopicDescription description : descriptions.values()) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, description.name()));
                String overrides = config == null ? "" : config.entries().stream()
                        .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .map(entry -> entry.name() + "=" + entry.value())
                        .collect(Collectors.joining(","));
                out.printf("Topic: %s\tTopicId: %s\tPartitionCount: %d\tReplicationFactor: %d\tConfigs: %s%n",
                        description.name(), description.topicId(), description.partitions().size(),
                        description.partitions().get(0).replicas().size(), overrides);
                for (TopicPartitionInfo partition : description.partitions()) {
                    out.printf("\tPartition: %d\tLeader: %s\tReplicas: %s\tIsr: %s%n", partition.partition(),
                            Optional.ofNullable(partition.leader()).map(Node::idString).orElse("none"),
                            ids(partition.replicas()), ids(partition.isr()));
                }
            }
            out.flush();
        }
        return 0;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic.")
    int create(@Mixin KafkaTarget kafka,
               @Parameters(paramLabel = "TOPIC") String topic,
               @Option(names = "--partitions", defaultValue = "1", description =
                       "Partitions (default: ${DEFAULT-VALUE}).") int partitions,
               @Option(names = "--replication-factor", defaultValue = "1", description =
                       "Replicas (default: ${DEFAULT-VALUE}).") short replication,
               @Option(names = "--config", paramLabel = "KEY=VALUE", description =
                       "Topic config, repeatable.") Map<String, String> configs)
            throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            NewTopic newTopic = new NewTopic(topic, partitions, replication)
                    .configs(configs == null ? Map.of() : configs);
            await(admin.createTopics(List.of(newTopic)).all(), kafka);
        }
        spec.commandLine().getOut().println("Created topic " + topic + ".");
        return 0;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete topics.")
    int delete(@Mixin KafkaTarget kafka, @Parameters(arity = "1..*", paramLabel = "TOPIC") List<String> topics)
            throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            await(admin.deleteTopics(topics).all(), kafka);
        }
        spec.commandLine().getOut().println("Deleted " + String.join(", ", topics) + ".");
        return 0;
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(Node::idString).collect(Collectors.joining(","));
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future,
            KafkaTarget kafka) throws InterruptedException {
        try {
            return future.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (KafkaConnectionErrors.isSecurityFailure(e.getCause())) {
                throw kafka.failure("Asking", e.getCause());
            }
            throw new CliException(e.getCause().getMessage() + " (Kafka at " + kafka.bootstrapServers() + ")",
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException("Kafka at " + kafka.bootstrapServers() + " did not answer within 30 s."
                    + kafka.notAnsweringHint(), e);
        }
    }
}
