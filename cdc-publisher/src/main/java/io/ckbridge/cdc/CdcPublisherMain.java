package io.ckbridge.cdc;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import io.ckbridge.cdc.config.NodeYaml;
import io.ckbridge.cdc.config.PublisherConfig;
import io.ckbridge.cdc.metrics.MetricsServer;
import io.ckbridge.cdc.metrics.PublisherMetrics;
import io.ckbridge.cdc.position.PositionStore;
import io.ckbridge.cdc.publish.ChangePublisher;
import io.ckbridge.cdc.schema.LiveSchema;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CommandLineSettings;
import io.ckbridge.common.config.PasswordFile;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bridge cdc-publisher}: runs beside one Cassandra node and publishes its CDC changes until
 * stopped. Its options are {@link PublisherConfig} keys (their defaults come from there).
 */
@Command(name = "bridge cdc-publisher", mixinStandardHelpOptions = true,
        defaultValueProvider = CdcPublisherMain.ConfigDefaults.class,
        subcommands = {DamageCommands.ListDamaged.class, DamageCommands.SkipSegment.class},
        description = {"Publish the changes of a Cassandra node's CDC tables (WITH cdc = true) to Kafka, as raw "
                        + "change messages",
                "on <prefix>.raw.<keyspace>.<table>. Runs beside the node; stop it with Ctrl-C or SIGTERM.",
                "Its subcommands show and resolve segments it cannot read."})
public final class CdcPublisherMain implements Callable<Integer> {
    @Option(names = "--cassandra-yaml", paramLabel = "FILE",
            description = "The node's cassandra.yaml: where its commit log and cdc_raw are (cassandra.yaml).")
    Path cassandraYaml;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT",
            description = "The node's CQL address, for its schema (default: its rpc_address and native port).")
    String contactPoint;

    @Option(names = {"-u", "--username"}, description = "CQL user name, when the node uses authentication.")
    String username;

    @Option(names = {"-p",
            "--password"}, description = "CQL password (or the CASSANDRA_PASSWORD environment variable).",
            defaultValue = "${env:CASSANDRA_PASSWORD}")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding the CQL password (not visible in ps, unlike --password).")
    Path passwordFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file "
            + "(security.protocol, sasl.*, ssl.*) for the publisher's producer and admin client.")
    Path kafkaConfig;

    @Option(names = "--topic-prefix", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--topic-partitions", description =
            "Partitions of raw topics it creates (default: ${DEFAULT-VALUE}).")
    Integer topicPartitions;

    @Option(names = "--topic-replication-factor",
            description = "Replication of raw topics it creates (default: ${DEFAULT-VALUE}).")
    Short topicReplicationFactor;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the published position is kept.")
    Path stateDir;

    @Option(names = "--node-id", description = "Name of the node in the messages (default: its listen address).")
    String nodeId;

    @Option(names = "--metrics-port", description = "HTTP port of /metrics and /health on 127.0.0.1; 0: any free port "
            + "(default: ${DEFAULT-VALUE}).")
    Integer metricsPort;

    @Option(names = "--poll-interval-ms", description = "How often cdc_raw is checked (default: ${DEFAULT-VALUE}).")
    Long pollIntervalMs;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of the publisher's settings "
            + "(cassandra.yaml, bootstrap.servers, state.dir, topic.prefix, ...; see the README) and the connectors' "
            + "cassandra.* connection keys (TLS...).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, over the file's and the options' "
            + "(repeatable).")
    List<String> overrides = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CdcPublisherMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PublisherConfig config;
        NodeYaml node;
        try {
            CommandLineSettings settings = settings();
            String yaml = settings.toMap().get(PublisherConfig.CASSANDRA_YAML);
            if (yaml == null) {
                throw new ConfigException("Missing --cassandra-yaml (" + PublisherConfig.CASSANDRA_YAML + ")");
            }
            node = NodeYaml.read(Path.of(yaml));
            // What the options leave open, the node's yaml says: its own CQL address and data centre.
            settings.orElse(CassandraConnectionConfig.CONTACT_POINTS, node.cqlAddress())
                    .orElse(CassandraConnectionConfig.LOCAL_DATACENTER, node.localDatacenter())
                    .orElse(PublisherConfig.NODE_ID, node.listenAddress());
            config = new PublisherConfig(settings.toMap());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid publisher configuration: "
                    + e.getMessage());
        }
        PublisherMetrics metrics = new PublisherMetrics();
        // The hook waits for the loop to stop and the resources to close (not for the main thread,
        // which then calls System.exit and would block behind the hook).
        CountDownLatch closed = new CountDownLatch(1);
        try (CqlSession session = SessionFactory.open(config.connection(), "cdc-publisher", new OwnNodeOnly(config));
                ChangePublisher kafka = new ChangePublisher(config.bootstrapServers(), config.topicPrefix(),
                        config.topicPartitions(), config.topicReplicationFactor(), config.kafkaClientProperties())) {
            LiveSchema schema = new LiveSchema(session);
            schema.reload();
            CdcPublisher publisher = new CdcPublisher(config, node, schema, kafka, new PositionStore(config.stateDir()),
                    metrics);
            run(publisher, new MetricsServer("127.0.0.1", config.metricsPort(), metrics, publisher.health()), config,
                    closed);
        } catch (CassandraConnectionException e) {
            // a refused login or handshake: one sentence saying what to check, not a stack trace
            System.err.println("The CDC publisher cannot start: " + e.getMessage());
            return 1;
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static void run(CdcPublisher publisher, MetricsServer server, PublisherConfig config,
            CountDownLatch closed) {
        try (server) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                publisher.stop();
                try {
                    closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-publisher"));
            System.out.println("CDC publisher for node " + config.nodeId() + " running; metrics on http://127.0.0.1:"
                    + server.port() + "/metrics");
            publisher.run();
        }
    }

    /**
     * The file's settings, then the options given on the command line (their shown defaults are the
     * config's, so an option not given leaves the file's value), then the --set overrides.
     */
    CommandLineSettings settings() throws IOException {
        return CommandLineSettings.fromFile(configFile)
                .option(PublisherConfig.CASSANDRA_YAML, given("--cassandra-yaml", cassandraYaml))
                .option(PublisherConfig.BOOTSTRAP_SERVERS, given("--bootstrap-servers", bootstrapServers))
                .option(KafkaClientProperties.CLIENT_CONFIG, given("--kafka-config", kafkaConfig))
                .option(PublisherConfig.TOPIC_PREFIX, given("--topic-prefix", topicPrefix))
                .option(PublisherConfig.TOPIC_PARTITIONS, given("--topic-partitions", topicPartitions))
                .option(PublisherConfig.TOPIC_REPLICATION_FACTOR,
                        given("--topic-replication-factor", topicReplicationFactor))
                .option(PublisherConfig.STATE_DIR, given("--state-dir", stateDir))
                .option(PublisherConfig.NODE_ID, given("--node-id", nodeId))
                .option(PublisherConfig.METRICS_PORT, given("--metrics-port", metricsPort))
                .option(PublisherConfig.POLL_INTERVAL_MS, given("--poll-interval-ms", pollIntervalMs))
                .option(CassandraConnectionConfig.CONTACT_POINTS, given("--cassandra", contactPoint))
                .option(CassandraConnectionConfig.USERNAME, given("--username", username))
                .option(CassandraConnectionConfig.PASSWORD, given("--password", password))
                .option(CassandraConnectionConfig.PASSWORD, PasswordFile.read(passwordFile))
                .orElse(CassandraConnectionConfig.PASSWORD, password) // CASSANDRA_PASSWORD
                .overrides(overrides);
    }

    private Object given(String option, Object value) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : null;
    }

    /**
     * Only the node itself: its schema is the one its commit log was written with. Another node may
     * not have a table created a moment ago yet, and its mutations would look unreadable. With one
     * node there is no other to turn to while it restarts: it is tried again every second at most,
     * not on the driver's backoff of up to a minute (which held a publisher back 60 s after its node).
     */
    private record OwnNodeOnly(PublisherConfig config) implements SessionTuning {
        @Override
        public void apply(ProgrammaticDriverConfigLoaderBuilder driverConfig) {
            driverConfig.withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
                    .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(1));
        }

        @Override
        public void customize(CqlSessionBuilder builder) {
            String point = config.connection().contactPoints().get(0).trim();
            int colon = point.lastIndexOf(':');
            boolean withPort = colon > 0 && point.indexOf(':') == colon;
            InetSocketAddress own = withPort
                    ? new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)))
                    : new InetSocketAddress(point, config.connection().port());
            builder.withNodeDistanceEvaluator((node, localDc) ->
                    isOwn(node.getEndPoint().resolve(), own) ? null : NodeDistance.IGNORED);
        }

        /** The contact point is given unresolved, the nodes the driver found by address: compare both ways. */
        private static boolean isOwn(Object endPoint, InetSocketAddress own) {
            if (!(endPoint instanceof InetSocketAddress address) || address.getPort() != own.getPort()) {
                return false;
            }
            if (address.getAddress() != null && own.getAddress() != null) {
                return address.getAddress().equals(own.getAddress());
            }
            return address.getHostString().equals(own.getHostString());
        }
    }

    /** Option defaults from {@link PublisherConfig}'s definition, so they are written in one place. */
    static final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, String> KEYS = Map.of(
                "--topic-prefix", PublisherConfig.TOPIC_PREFIX,
                "--topic-partitions", PublisherConfig.TOPIC_PARTITIONS,
                "--topic-replication-factor", PublisherConfig.TOPIC_REPLICATION_FACTOR,
                "--metrics-port", PublisherConfig.METRICS_PORT,
                "--poll-interval-ms", PublisherConfig.POLL_INTERVAL_MS);

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
            if (!(argSpec instanceof CommandLine.Model.OptionSpec option) || !KEYS.containsKey(option.longestName())) {
                return null;
            }
            Object value = PublisherConfig.DEFINITION.configKeys().get(KEYS.get(option.longestName())).defaultValue;
            return value == null ? null : value.toString();
        }
    }
}
