package io.ckbridge.ops;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CommandLineSettings;
import io.ckbridge.common.config.PasswordFile;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.ops.nodes.JmxOptions;
import io.ckbridge.ops.repair.RepairEngine;
import io.ckbridge.ops.repair.RepairLauncher;
import io.ckbridge.ops.server.OpsServer;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bridge ops}: the dashboard, JSON API and metrics of the whole pipeline, until stopped. */
@Command(name = "bridge ops", mixinStandardHelpOptions = true,
        description = {"Watch Kafka Connect, every consumer group's lag (Burrow's rules), the Cassandra nodes, the CDC",
                "publishers and the materializer: a dashboard at /, a JSON API under /api, /metrics and /health.",
                "Stop it with Ctrl-C or SIGTERM."})
public final class OpsMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(OpsMain.class);
    private static final int FINISHED_RUNS_SHOWN = 10;

    @Option(names = "--port", description = "HTTP port (default: 8088; 0: any free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String bind;

    @Option(names = "--connect-url", paramLabel = "URL", description = "Kafka Connect REST URL.")
    String connectUrl;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "Kafka brokers, host:port,...")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file "
            + "(security.protocol, sasl.*, ssl.*) for every Kafka client of ops.")
    Path kafkaConfig;

    @Mixin
    JmxOptions jmx = new JmxOptions();

    @Option(names = "--publisher-metrics", paramLabel = "URL", split = ",", description =
            "The CDC publishers' /metrics URLs.")
    List<String> publisherMetrics;

    @Option(names = "--materializer-metrics", paramLabel = "URL", description = "The materializer's /metrics URL.")
    String materializerMetrics;

    @Option(names = "--schema-registry", paramLabel = "URL", description = "A schema registry (Confluent-compatible"
            + " API) whose subjects, versions and compatibility levels are shown.")
    String schemaRegistry;

    @Option(names = "--logs", paramLabel = "PATH", split = ",", description = "Servers' log files or folders of "
            + "*.log files, read for the log findings.")
    List<String> logs;

    @Option(names = "--cassandra-yaml", paramLabel = "FILE", split = ",", description = "The nodes' cassandra.yaml, "
            + "judged by the config findings.")
    List<String> cassandraYamls;

    @Option(names = "--connect-worker-config", paramLabel = "FILE", description = "The Connect worker's properties.")
    String connectWorkerConfig;

    @Option(names = "--repair", description = "Run and schedule repairs (state in Cassandra: needs --cassandra).")
    boolean repair;

    @Option(names = "--cassandra", paramLabel = "HOST[:PORT]", split = ",", description =
            "Cassandra contact points for the repair state.")
    List<String> cassandra;

    @Option(names = "--datacenter", paramLabel = "DC", description = "Cassandra's local data centre (default: the "
            + "contact point's).")
    String datacenter;

    @Option(names = {"-u", "--username"}, description = "CQL user name, when Cassandra uses authentication.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "A file holding the CQL password "
            + "(or set CASSANDRA_PASSWORD).")
    Path passwordFile;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of ops keys "
            + "(bootstrap.servers, connect.url, cassandra.jmx, lag.window.commits, ...); options win over it.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, over the file's and the options' "
            + "(repeatable), e.g. --set lag.stop.min.ms=15000.")
    List<String> overrides = new ArrayList<>();

    public static void main(String[] args) {
        // a hung node's JMX must not hold a reader thread forever (RMI waits without end by default)
        if (System.getProperty("sun.rmi.transport.tcp.responseTimeout") == null) {
            System.setProperty("sun.rmi.transport.tcp.responseTimeout", "10000");
        }
        System.exit(new CommandLine(new OpsMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        OpsConfig config;
        try {
            config = new OpsConfig(settings());
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Invalid ops configuration: "
                    + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        RepairLauncher repairs = config.repairEnabled() ? new RepairLauncher(() -> RepairEngine.open(
                CassandraConnectionConfig.settings(config), config.getString(OpsConfig.REPAIR_KEYSPACE),
                config.getString(OpsConfig.REPAIR_REPLICATION), JmxEndpoint.parse(config.cassandraJmx()),
                config.jmxUsername(), config.jmxPassword().value(),
                config.repairSettings(InetAddress.getLocalHost().getHostName() + ":" + config.port()), run -> true))
                : null;
        try (PipelineWatch watch = new PipelineWatch(config);
                OpsServer server = new OpsServer(config, watch, repairs)) {
            if (repairs != null) {
                watch.watchRepairs(() -> repairs.repairs().map(ready -> ready.status(FINISHED_RUNS_SHOWN))
                        .orElse(null));
            }
            watch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "ops-stop"));
            LOG.info("Ops on http://{}:{}/ watching Kafka {}{}", config.bindAddress(), server.port(),
                    config.getString(OpsConfig.BOOTSTRAP_SERVERS),
                    config.connectUrl().isBlank() ? "" : " and Kafka Connect " + config.connectUrl());
            stopped.await();
        } finally {
            if (repairs != null) {
                repairs.close();
            }
        }
        return 0;
    }

    Map<String, String> settings() throws IOException {
        String password = jmx.password();
        String cqlPassword = passwordFile != null ? PasswordFile.read(passwordFile)
                : System.getenv("CASSANDRA_PASSWORD");
        return CommandLineSettings.fromFile(configFile)
                .option(OpsConfig.PORT, port)
                .option(OpsConfig.BIND_ADDRESS, bind)
                .option(OpsConfig.CONNECT_URL, connectUrl)
                .option(OpsConfig.BOOTSTRAP_SERVERS, bootstrapServers)
                .option(KafkaClientProperties.CLIENT_CONFIG, kafkaConfig)
                .option(OpsConfig.CASSANDRA_JMX, jmx.endpoints() == null ? null : String.join(",", jmx.endpoints()))
                .option(OpsConfig.JMX_USERNAME, jmx.username())
                .option(OpsConfig.JMX_PASSWORD, password)
                .option(OpsConfig.PUBLISHER_METRICS, publisherMetrics == null ? null
                        : String.join(",", publisherMetrics))
                .option(OpsConfig.MATERIALIZER_METRICS, materializerMetrics)
                .option(OpsConfig.SCHEMA_REGISTRY_URL, schemaRegistry)
                .option(OpsConfig.LOGS, logs == null ? null : String.join(",", logs))
                .option(OpsConfig.CASSANDRA_YAML, cassandraYamls == null ? null : String.join(",", cassandraYamls))
                .option(OpsConfig.CONNECT_WORKER_PROPERTIES, connectWorkerConfig)
                .option(OpsConfig.REPAIR_ENABLED, repair ? "true" : null)
                .option(CassandraConnectionConfig.CONTACT_POINTS, cassandra == null ? null
                        : String.join(",", cassandra))
                .option(CassandraConnectionConfig.LOCAL_DATACENTER, datacenter)
                .option(CassandraConnectionConfig.USERNAME, username)
                .option(CassandraConnectionConfig.PASSWORD, username == null ? null : cqlPassword)
                .overrides(overrides)
                .toMap();
    }
}
