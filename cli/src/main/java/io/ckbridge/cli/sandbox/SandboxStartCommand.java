package io.ckbridge.cli.sandbox;

import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.CassandraReleases;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxAccess;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.SandboxException;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start Cassandra, then Kafka, then Kafka Connect, then a CDC publisher per node, each in its "
                        + "own JVM; wait until each answers.",
                "Options not given keep the values of the sandbox's previous start (or the defaults)."})
public final class SandboxStartCommand implements Callable<Integer> {
    @Mixin
    SandboxDir sandboxDir;

    @Option(names = "--nodes", paramLabel = "N", description =
            "Cassandra nodes, on 127.0.0.1 .. 127.0.0.N (default 1).")
    Integer nodes;

    @Option(names = "--cassandra-version", paramLabel = "VERSION", description =
            "Cassandra release that new nodes start on (default the newest the distribution holds; it also holds the"
            + " release before, for the upgrade rehearsal). A node keeps its release: 'sandbox day2 upgrade' moves it.")
    String cassandraVersion;

    @Option(names = "--cassandra-port", paramLabel = "PORT", description = "CQL port of every node (default 9042).")
    Integer cassandraPort;

    @Option(names = "--storage-port", paramLabel = "PORT", description =
            "Cassandra inter-node port of every node (default 7000).")
    Integer storagePort;

    @Option(names = "--jmx-port", paramLabel = "PORT", description =
            "JMX port of node 1 on 127.0.0.1; node i uses PORT+i-1 (default 7199).")
    Integer jmxPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", description =
            "Kafka listener port (default 9092); the controller uses PORT+1.")
    Integer kafkaPort;

    @Option(names = "--connect-port", paramLabel = "PORT", description = "Kafka Connect REST port (default 8083).")
    Integer connectPort;

    @Option(names = "--cdc-metrics-port", paramLabel = "PORT",
            description =
                    "HTTP port (/metrics, /health) of node 1's CDC publisher; node i uses PORT+i-1 (default 8091).")
    Integer cdcMetricsPort;

    @Option(names = "--materializer-port", paramLabel = "PORT", description =
            "HTTP port (/metrics, /health) of the materializer (default 8090).")
    Integer materializerPort;

    @Option(names = "--ops-port", paramLabel = "PORT", description =
            "HTTP port of the ops dashboard, /api and /metrics (default 8088).")
    Integer opsPort;

    @Option(names = "--schema-registry-port", paramLabel = "PORT", description =
            "HTTP port of the schema registry (default 8081).")
    Integer schemaRegistryPort;

    @Option(names = "--commitlog-sync-period", paramLabel = "MS",
            description =
                    "Cassandra's periodic commit-log sync in milliseconds (default 100): the floor of CDC latency.")
    Integer commitlogSyncPeriodMs;

    @Option(names = "--cdc-total-space", paramLabel = "MIB", description = "Each node's cdc_total_space in MiB "
            + "(default 2048): above it Cassandra rejects writes to CDC tables; small values rehearse a full cdc_raw.")
    Integer cdcTotalSpaceMib;

    @Option(names = "--cassandra-auth", negatable = true,
            description = "Require a password (PasswordAuthenticator; superuser cassandra/cassandra).")
    Boolean cassandraAuth;

    @Option(names = "--secure", negatable = true, description =
            "TLS (client certificates required) and a password on Cassandra, SASL_SSL on Kafka, with certificates "
            + "and passwords generated into conf/tls and conf/secrets; every other command then connects securely.")
    Boolean secure;

    @Option(names = "--schema-registry", negatable = true, description =
            "Also run a schema registry (Apicurio Registry, Confluent-compatible API at /apis/ccompat/v7, in-memory"
            + " storage, subjects BACKWARD-compatible by default); it needs a Java 21 or newer (found in"
            + " /usr/lib/jvm, or set BRIDGE_JAVA21_HOME). On a running sandbox it starts the registry alone.")
    Boolean schemaRegistry;

    @Option(names = "--connect-property", paramLabel = "KEY=VALUE",
            description =
                    "Kafka Connect worker setting written into connect-distributed.properties (repeatable; KEY= "
                    + "removes it).")
    Map<String, String> connectProperties;

    @Option(names = "--materializer-property", paramLabel = "KEY=VALUE", description =
            "Materializer setting (repeatable; KEY= removes it), e.g. output.format=avro: Avro change events through"
            + " the sandbox's schema registry.")
    Map<String, String> materializerProperties;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SandboxSettings settings = Sandbox.savedSettings(sandboxDir.dir).orElse(SandboxSettings.defaults());
        if (nodes != null) {
            settings = settings.withNodes(nodes);
        }
        if (cassandraPort != null) {
            settings = settings.withCassandraPort(cassandraPort);
        }
        if (storagePort != null) {
            settings = settings.withStoragePort(storagePort);
        }
        if (jmxPort != null) {
            settings = settings.withJmxPort(jmxPort);
        }
        if (kafkaPort != null) {
            settings = settings.withKafkaPort(kafkaPort);
        }
        if (connectPort != null) {
            settings = settings.withConnectPort(connectPort);
        }
        if (cdcMetricsPort != null) {
            settings = settings.withCdcMetricsPort(cdcMetricsPort);
        }
        if (materializerPort != null) {
            settings = settings.withMaterializerPort(materializerPort);
        }
        if (opsPort != null) {
            settings = settings.withOpsPort(opsPort);
        }
        if (commitlogSyncPeriodMs != null) {
            settings = settings.withCommitlogSyncPeriodMs(commitlogSyncPeriodMs);
        }
        if (cassandraAuth != null) {
            settings = settings.withCassandraAuth(cassandraAuth);
        }
        if (cdcTotalSpaceMib != null) {
            settings = settings.withCdcTotalSpaceMib(cdcTotalSpaceMib);
        }
        if (secure != null) {
            settings = settings.withSecure(secure);
        }
        if (schemaRegistry != null) {
            settings = settings.withSchemaRegistry(schemaRegistry);
        }
        if (schemaRegistryPort != null) {
            settings = settings.withSchemaRegistryPort(schemaRegistryPort);
        }
        if (connectProperties != null) {
            settings = settings.withConnectProperties(merged(settings.connectProperties(), connectProperties));
        }
        if (materializerProperties != null) {
            settings = settings.withMaterializerProperties(merged(settings.materializerProperties(),
                    materializerProperties));
        }
        if (cassandraVersion != null) {
            settings = settings.withCassandraVersion(cassandraVersion);
        }
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = Sandbox.create(sandboxDir.dir, settings);
        if (cassandraVersion != null) {
            requireNodesOn(sandbox, cassandraVersion);
        }
        out.println("Starting the sandbox in " + sandbox.layout().root() + " (logs in " + sandbox.layout().logs()
                + ")");
        out.flush();
        sandbox.start(line -> {
            out.println(line);
            out.flush();
        });
        if (sandbox.access().secure()) {
            out.println(secureClientsNote(sandbox));
            out.flush();
        }
        sandbox.schemaRegistry().ifPresent(registry -> {
            out.println("Schema registry: " + registry.confluentApiUrl() + " (Confluent-compatible; Apicurio's own: "
                    + registry.apicurioApiUrl() + ")");
            out.flush();
        });
        return 0;
    }

    /** The release is known to the distribution, and nodes made earlier run it (a start does not upgrade). */
    private static void requireNodesOn(Sandbox sandbox, String version) {
        BridgeHome home = BridgeHome.locate();
        CassandraReleases.of(home).serverName(version);
        for (CassandraNode node : sandbox.cassandraNodes()) {
            String release = node.release(home);
            if (!release.equals(version)) {
                throw new SandboxException(node.name() + " of this sandbox runs Cassandra " + release + ", not "
                        + version + ": a start does not change a node's release. Rehearse the change with"
                        + " 'bridge sandbox day2 upgrade', or use another --dir for a new sandbox.");
            }
        }
    }

    /** The saved properties with the given ones over them; an empty value removes its key. */
    private static Map<String, String> merged(Map<String, String> saved, Map<String, String> given) {
        Map<String, String> merged = new TreeMap<>(saved);
        given.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** Where a secure sandbox's clients find what they need; the bridge commands need none of it. */
    static String secureClientsNote(Sandbox sandbox) {
        SandboxAccess access = sandbox.access();
        return "Secure: Cassandra with TLS (client certificate required) and user " + SandboxAccess.USER
                + ", Kafka SASL_SSL with user " + SandboxAccess.USER + ".\n"
                + "  Kafka clients:     " + access.kafkaClientConfigFile().orElseThrow() + "\n"
                + "  Cassandra clients: " + access.cassandraClientConfigFile().orElseThrow() + "\n"
                + "  CA certificate:    " + sandbox.layout().certificates().caCertificate() + "\n"
                + "  passwords:         " + sandbox.layout().secretsFile() + " (mode 600)";
    }
}
