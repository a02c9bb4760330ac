package io.ckbridge.materializer;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CommandLineSettings;
import io.ckbridge.common.config.PasswordFile;
import io.ckbridge.common.http.StatusServer;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.kafka.KafkaConnectionErrors;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.materializer.schema.DriverTableCatalog;
import io.ckbridge.materializer.topology.MaterializerTopology;
import io.ckbridge.materializer.topology.TopicCreator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bridge materializer}: turns the publishers' raw changes into full-row change events until stopped. */
@Command(name = "bridge materializer", mixinStandardHelpOptions = true,
        subcommands = SnapshotCommand.class,
        description = {"Read the CDC publishers' raw topics (<prefix>.raw.<keyspace>.<table>) and write one "
                        + "deduplicated, ordered,",
                "full-row change event per logical write to <prefix>.<keyspace>.<table> (Kafka Streams, exactly-once).",
                "Start as many instances as wanted with the same application id: they share the work by partitions.",
                "Stop it with Ctrl-C or SIGTERM."})
public final class MaterializerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(MaterializerMain.class);
    private static final String COMPONENT = "materializer";

    @CommandLine.Mixin
    ConnectionOptions connection;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Folder of the RocksDB state stores (state.dir).")
    Path stateDir;

    @Option(names = "--application-id", paramLabel = "ID", description =
            "Kafka Streams application id (default: ckbridge-materializer).")
    String applicationId;

    @Option(names = "--metrics-port", defaultValue = "0", description =
            "HTTP port of /metrics and /health on 127.0.0.1; 0: any free port.")
    int metricsPort;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MaterializerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = connection.settings();
        if (stateDir != null) {
            settings.put(MaterializerConfig.STATE_DIR, stateDir.toString());
        }
        if (applicationId != null) {
            settings.put(MaterializerConfig.APPLICATION_ID, applicationId);
        }
        MaterializerConfig config;
        try {
            config = new MaterializerConfig(settings);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Invalid materializer configuration: "
                    + e.getMessage());
        }
        // a refused login or handshake at start is said in one sentence, not a stack trace
        try {
            return run(config, settings);
        } catch (CassandraConnectionException | KafkaException e) {
            Optional<String> refused = e instanceof CassandraConnectionException
                    ? Optional.of(e.getMessage())
                    : KafkaConnectionErrors.explain(COMPONENT, config.bootstrapServers(), e);
            if (refused.isEmpty()) {
                throw e;
            }
            LOG.error("The materializer cannot start: {}", refused.get());
            System.err.println("The materializer cannot start: " + refused.get());
            return 1;
        }
    }

    private int run(MaterializerConfig config, Map<String, String> settings) throws Exception {
        MaterializerMetrics metrics = new MaterializerMetrics();
        CountDownLatch stopped = new CountDownLatch(1);
        try (CqlSession session = SessionFactory.open(CassandraConnectionConfig.settings(config), COMPONENT,
                        SessionTuning.NONE);
                TopicCreator topics = new TopicCreator(config.bootstrapServers(), config.kafkaClientProperties(),
                        config.outputPartitions(), config.outputReplicationFactor());
                StatusServer server = new StatusServer("127.0.0.1", metricsPort, metrics::prometheus,
                        () -> health(metrics))) {
            topics.ensure(config.tasksTopic(), config.rawPartitions());
            KafkaStreams streams = new KafkaStreams(MaterializerTopology.build(config, new DriverTableCatalog(session),
                    topics, metrics), config.streamsProperties());
            streams.setStateListener((now, before) -> {
                metrics.state(now.name());
                LOG.info("Kafka Streams {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    stopped.countDown();
                }
            });
            streams.setUncaughtExceptionHandler(e -> {
                String hint = String.valueOf(e.getMessage()).contains("invalid partitions")
                        ? " A raw topic has more partitions than raw.partitions (" + config.rawPartitions()
                        + "), the materializer's "
                                + "task count: give every raw topic at most that many."
                        : "";
                LOG.error(
                        "The materializer stops: {}.{} Its state and input offsets stay committed; fix the cause and "
                        + "restart it.", KafkaConnectionErrors.explain(COMPONENT, config.bootstrapServers(), e)
                                .orElse(e.toString()), hint, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            // SIGTERM: the hook closes Kafka Streams (committing what is in flight); main then returns.
            // Leaving the group hands its partitions to the other instances (or to itself restarted) at
            // once, not after the consumer session times out (45 s).
            CloseOptions leave =
                    CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(15));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(leave), "stop-materializer"));
            streams.start();
            System.out.println("Materializer " + settings.getOrDefault(MaterializerConfig.APPLICATION_ID,
                    "ckbridge-materializer")
                    + " running; metrics on http://127.0.0.1:" + server.port() + "/metrics");
            stopped.await();
            if (metrics.state().equals("ERROR")) {
                streams.close(Duration.ofSeconds(15)); // stopped by an error, not by the hook
                return 1;
            }
            return 0;
        }
    }

    private static StatusServer.Health health(MaterializerMetrics metrics) {
        String state = metrics.state();
        boolean running = state.equals("RUNNING") || state.equals("REBALANCING");
        return new StatusServer.Health(running, "{\"status\":\"" + (running ? "UP" : "DOWN") + "\",\"state\":\"" + state
                + "\",\"events\":" + metrics.events() + "}");
    }

    /** Kafka, Cassandra and any other setting: shared by the materializer and its snapshot command. */
    static final class ConnectionOptions {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka.")
        String bootstrapServers;

        @Option(names = "--cassandra", paramLabel = "HOST:PORT", description =
                "A Cassandra node's CQL address, for table schemas.")
        String cassandra;

        @Option(names = "--local-datacenter", description =
                "Cassandra data centre (default: that of the contact point).")
        String localDatacenter;

        @Option(names = {"-u", "--username"}, description = "CQL user name, when Cassandra uses authentication.")
        String username;

        @Option(names = {"-p",
                "--password"}, description = "CQL password (or the CASSANDRA_PASSWORD environment variable).",
                defaultValue = "${env:CASSANDRA_PASSWORD}")
        String password;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "A file holding the CQL password (not visible in ps, unlike --password).")
        Path passwordFile;

        @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file "
                + "(security.protocol, sasl.*, ssl.*) for every Kafka client: Streams, admin, snapshot producer.")
        Path kafkaConfig;

        @Option(names = "--topic-prefix", description = "Topic prefix (default: cdc).")
        String topicPrefix;

        @Option(names = "--config", paramLabel = "FILE", description =
                "A properties file of settings (see the README).")
        Path configFile;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, over the file's (repeatable), "
                + "e.g. --set output.schemas.enable=true or --set streams.num.standby.replicas=1.")
        List<String> overrides = new ArrayList<>();

        Map<String, String> settings() throws IOException {
            return CommandLineSettings.fromFile(configFile)
                    .option(MaterializerConfig.BOOTSTRAP_SERVERS, bootstrapServers)
                    .option(MaterializerConfig.TOPIC_PREFIX, topicPrefix)
                    // host:port entries are contact points with their own port
                    .option(CassandraConnectionConfig.CONTACT_POINTS, cassandra)
                    .option(CassandraConnectionConfig.LOCAL_DATACENTER, localDatacenter)
                    .option(CassandraConnectionConfig.USERNAME, username)
                    .option(CassandraConnectionConfig.PASSWORD, password)
                    .option(CassandraConnectionConfig.PASSWORD, PasswordFile.read(passwordFile))
                    .option(KafkaClientProperties.CLIENT_CONFIG, kafkaConfig)
                    .overrides(overrides)
                    .toMap();
        }
    }
}
