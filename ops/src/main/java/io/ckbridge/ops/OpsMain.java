package io.ckbridge.ops;

import io.ckbridge.common.config.CommandLineSettings;
import io.ckbridge.common.config.PasswordFile;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.ops.server.OpsServer;
import io.ckbridge.ops.watch.PipelineWatch;
import java.io.IOException;
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
import picocli.CommandLine.Option;

/** {@code bridge ops}: the dashboard, JSON API and metrics of the whole pipeline, until stopped. */
@Command(name = "bridge ops", mixinStandardHelpOptions = true,
        description = {"Watch Kafka Connect, every consumer group's lag (Burrow's rules), the Cassandra nodes, the CDC",
                "publishers and the materializer: a dashboard at /, a JSON API under /api, /metrics and /health.",
                "Stop it with Ctrl-C or SIGTERM."})
public final class OpsMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(OpsMain.class);

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

    @Option(names = "--cassandra-jmx", paramLabel = "HOST:PORT", split = ",", description =
            "The Cassandra nodes' JMX endpoints.")
    List<String> cassandraJmx;

    @Option(names = "--jmx-username", description = "JMX user, when the nodes' JMX checks passwords.")
    String jmxUsername;

    @Option(names = "--jmx-password-file", paramLabel = "FILE", description = "A file holding the JMX password "
            + "(or set BRIDGE_JMX_PASSWORD).")
    Path jmxPasswordFile;

    @Option(names = "--publisher-metrics", paramLabel = "URL", split = ",", description =
            "The CDC publishers' /metrics URLs.")
    List<String> publisherMetrics;

    @Option(names = "--materializer-metrics", paramLabel = "URL", description = "The materializer's /metrics URL.")
    String materializerMetrics;

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
        try (PipelineWatch watch = new PipelineWatch(config); OpsServer server = new OpsServer(config, watch)) {
            watch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "ops-stop"));
            LOG.info("Ops on http://{}:{}/ watching Kafka {}{}", config.bindAddress(), server.port(),
                    config.getString(OpsConfig.BOOTSTRAP_SERVERS),
                    config.connectUrl().isBlank() ? "" : " and Kafka Connect " + config.connectUrl());
            stopped.await();
        }
        return 0;
    }

    Map<String, String> settings() throws IOException {
        String password = jmxPasswordFile != null ? PasswordFile.read(jmxPasswordFile)
                : System.getenv("BRIDGE_JMX_PASSWORD");
        return CommandLineSettings.fromFile(configFile)
                .option(OpsConfig.PORT, port)
                .option(OpsConfig.BIND_ADDRESS, bind)
                .option(OpsConfig.CONNECT_URL, connectUrl)
                .option(OpsConfig.BOOTSTRAP_SERVERS, bootstrapServers)
                .option(KafkaClientProperties.CLIENT_CONFIG, kafkaConfig)
                .option(OpsConfig.CASSANDRA_JMX, cassandraJmx == null ? null : String.join(",", cassandraJmx))
                .option(OpsConfig.JMX_USERNAME, jmxUsername)
                .option(OpsConfig.JMX_PASSWORD, password)
                .option(OpsConfig.PUBLISHER_METRICS, publisherMetrics == null ? null
                        : String.join(",", publisherMetrics))
                .option(OpsConfig.MATERIALIZER_METRICS, materializerMetrics)
                .overrides(overrides)
                .toMap();
    }
}
