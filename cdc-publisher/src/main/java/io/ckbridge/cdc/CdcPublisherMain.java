package io.ckbridge.cdc;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import io.ckbridge.cdc.metrics.MetricsServer;
import io.ckbridge.cdc.metrics.PublisherMetrics;
import io.ckbridge.cdc.position.PositionStore;
import io.ckbridge.cdc.publish.ChangePublisher;
import io.ckbridge.cdc.schema.LiveSchema;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.cassandra.config.Config;
import org.apache.cassandra.config.DatabaseDescriptor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bridge cdc-publisher}: runs beside one Cassandra node and publishes its CDC changes until stopped. */
@Command(name = "bridge cdc-publisher", mixinStandardHelpOptions = true,
        description = {"Publish the changes of a Cassandra node's CDC tables (WITH cdc = true) to Kafka, as raw change messages",
                "on <prefix>.raw.<keyspace>.<table>. Runs beside the node; stop it with Ctrl-C or SIGTERM."})
public final class CdcPublisherMain implements Callable<Integer> {
    @Option(names = "--cassandra-yaml", required = true, paramLabel = "FILE", description = "The node's cassandra.yaml: where its commit log and cdc_raw are.")
    Path cassandraYaml;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", description = "The node's CQL address, for its schema (default: its rpc_address and native port).")
    String contactPoint;

    @Option(names = {"-u", "--username"}, description = "CQL user name, when the node uses authentication.")
    String username;

    @Option(names = {"-p", "--password"}, description = "CQL password (or the CASSANDRA_PASSWORD environment variable).",
            defaultValue = "${env:CASSANDRA_PASSWORD}")
    String password;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...", description = "Kafka.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "cdc", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--topic-partitions", defaultValue = "3", description = "Partitions of raw topics it creates (default: ${DEFAULT-VALUE}).")
    int topicPartitions;

    @Option(names = "--topic-replication-factor", defaultValue = "1", description = "Replication of raw topics it creates (default: ${DEFAULT-VALUE}).")
    short topicReplicationFactor;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR", description = "Where the published position is kept.")
    Path stateDir;

    @Option(names = "--node-id", description = "Name of the node in the messages (default: its listen address).")
    String nodeId;

    @Option(names = "--metrics-port", defaultValue = "0", description = "HTTP port of /metrics and /health on 127.0.0.1; 0: any free port.")
    int metricsPort;

    @Option(names = "--poll-interval-ms", defaultValue = "20", description = "How often cdc_raw is checked (default: ${DEFAULT-VALUE}).")
    long pollIntervalMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CdcPublisherMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(cassandraYaml)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "No such file: " + cassandraYaml);
        }
        System.setProperty("cassandra.config", cassandraYaml.toUri().toString());
        DatabaseDescriptor.toolInitialization();
        // tool initialisation leaves the addresses unresolved: read them as written in the yaml
        Config yaml = DatabaseDescriptor.getRawConfig();
        String listen = yaml.listen_address != null ? yaml.listen_address : "127.0.0.1";
        String node = nodeId != null ? nodeId : listen;
        String cql = contactPoint != null ? contactPoint
                : (yaml.rpc_address != null ? yaml.rpc_address : listen) + ":" + yaml.native_transport_port;
        PublisherSettings settings = new PublisherSettings(Path.of(DatabaseDescriptor.getCDCLogLocation()),
                Path.of(DatabaseDescriptor.getCommitLogLocation()), DatabaseDescriptor.getCDCTotalSpace(), node, cql, username, password,
                bootstrapServers, topicPrefix, topicPartitions, topicReplicationFactor, stateDir, Duration.ofMillis(pollIntervalMs));
        PublisherMetrics metrics = new PublisherMetrics();
        // The hook waits for the loop to stop and the resources to close (not for the main thread,
        // which then calls System.exit and would block behind the hook).
        CountDownLatch closed = new CountDownLatch(1);
        try (CqlSession session = session(cql);
             ChangePublisher kafka = new ChangePublisher(bootstrapServers, topicPrefix, topicPartitions, topicReplicationFactor);
             MetricsServer server = new MetricsServer("127.0.0.1", metricsPort, metrics)) {
            LiveSchema schema = new LiveSchema(session);
            schema.reload();
            CdcPublisher publisher = new CdcPublisher(settings, schema, kafka, new PositionStore(stateDir), metrics);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                publisher.stop();
                try {
                    closed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-publisher"));
            System.out.println("CDC publisher for node " + node + " running; metrics on http://127.0.0.1:" + server.port() + "/metrics");
            publisher.run();
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private CqlSession session(String cql) {
        int colon = cql.lastIndexOf(':');
        InetSocketAddress own = new InetSocketAddress(cql.substring(0, colon), Integer.parseInt(cql.substring(colon + 1)));
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoint(own)
                .withLocalDatacenter(DatabaseDescriptor.getLocalDataCenter())
                // Only this node: its schema is the one its commit log was written with. Another node
                // may not have a table created a moment ago yet, and its mutations would look unreadable.
                .withNodeDistanceEvaluator((node, localDc) -> own.equals(node.getEndPoint().resolve()) ? null : NodeDistance.IGNORED);
        if (username != null) {
            builder.withAuthCredentials(username, password == null ? "" : password);
        }
        return builder.build();
    }
}
