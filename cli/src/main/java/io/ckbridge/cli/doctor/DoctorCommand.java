package io.ckbridge.cli.doctor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ckbridge.cli.CassandraTarget;
import io.ckbridge.cli.CliException;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.ops.doctor.Doctor;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = {DoctorCommand.WHAT, DoctorCommand.WHERE,
        DoctorCommand.EXIT})
public final class DoctorCommand implements Callable<Integer> {
    static final String WHAT = "Examine the pipeline: the servers' logs, the configuration (cassandra.yaml, the "
            + "Connect worker, the connectors, their topics, the keyspaces' replication) and the ops server's "
            + "findings from its metrics. Prints the findings, the most severe first, each with why, what to do and "
            + "its evidence (log lines as file:line, settings, series).";
    static final String WHERE = "By default it reads the sandbox in --dir; the options name the parts of another "
            + "pipeline.";
    static final String EXIT = "Exit code 1 when a finding is CRITICAL.";

    @Mixin
    CassandraTarget cassandra;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka, for the topics' "
            + "partitions (default: the sandbox's).")
    String bootstrapServer;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "A Kafka client properties file "
            + "(security.protocol, sasl.*, ssl.*) for --bootstrap-server.")
    Path kafkaConfig;

    @Option(names = "--logs", paramLabel = "PATH", split = ",", description = "Log files or folders of *.log files "
            + "(default: the sandbox's logs/).")
    List<Path> logs;

    @Option(names = "--cassandra-yaml", paramLabel = "FILE", split = ",", description = "The nodes' cassandra.yaml "
            + "(default: the sandbox's).")
    List<Path> cassandraYamls;

    @Option(names = "--connect-url", paramLabel = "URL", description = "Kafka Connect's REST URL (default: the "
            + "sandbox's).")
    String connectUrl;

    @Option(names = "--connect-worker-config", paramLabel = "FILE", description = "The Connect worker's properties "
            + "(default: the sandbox's).")
    Path workerConfig;

    @Option(names = "--ops", paramLabel = "URL", description = "The ops server, for its findings from metrics "
            + "(default: the sandbox's, when it answers).")
    String ops;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "PT1H", converter = DurationConverter.class,
            description = "Log lines older than this are not judged, e.g. 30m, 2h (default: 1h).")
    Duration since;

    @Option(names = "--cdc-latency-goal-ms", paramLabel = "MS", defaultValue = "1000", description = "The CDC "
            + "latency wanted (default: ${DEFAULT-VALUE}).")
    long cdcLatencyGoalMs;

    @Option(names = "--no-cluster", description = "Read files only: do not ask Connect, Kafka, Cassandra or ops.")
    boolean filesOnly;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** "30m", "2h", "90s", "7d", or ISO-8601 ("PT1H"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toUpperCase(java.util.Locale.ROOT);
            if (text.startsWith("P")) {
                return Duration.parse(text);
            }
            return Duration.parse(text.endsWith("D") ? "P" + text : "PT" + text);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = cassandra.sandbox().dir;
        Optional<Sandbox> sandbox = Sandbox.savedSettings(dir).map(saved -> Sandbox.open(dir));
        List<Path> logPaths = logs != null ? logs : sandbox.map(s -> List.of(s.layout().logs())).orElse(List.of());
        List<Path> yamls = cassandraYamls != null ? cassandraYamls : sandbox.map(s -> s.cassandraNodes().stream()
                .map(CassandraNode::configFile).toList()).orElse(List.of());
        Optional<Path> worker = Optional.ofNullable(workerConfig).or(() -> sandbox.map(s -> s.connect().configFile()));
        if (logPaths.isEmpty() && yamls.isEmpty() && (filesOnly || sandbox.isEmpty() && connectUrl == null)) {
            throw new CliException("Nothing to examine: no sandbox in " + dir + ". Name the parts: --logs, "
                    + "--cassandra-yaml, --connect-url, --ops (see --help).");
        }
        err.println("Examining " + (sandbox.isPresent() ? "the sandbox in " + dir : "the pipeline named") + " ...");
        err.flush();
        Optional<ConnectClient> connect = Optional.empty();
        Optional<String> opsUrl = Optional.empty();
        if (!filesOnly) {
            connect = Optional.ofNullable(connectUrl).or(() -> sandbox.map(s -> s.access().connectUrl()))
                    .map(ConnectClient::new);
            opsUrl = Optional.ofNullable(ops).or(() -> sandbox.map(s -> "http://127.0.0.1:"
                    + s.settings().opsPort() + "/"));
        }
        Admin admin = filesOnly || sandbox.isEmpty() && bootstrapServer == null ? null
                : Admin.create(kafkaClient(sandbox));
        CqlSession session = null;
        try {
            if (!filesOnly && (sandbox.isPresent() || cassandra.contactPointGiven())) {
                try {
                    session = cassandra.connect(null);
                } catch (CliException e) {
                    err.println("  (keyspaces not read: " + e.getMessage() + ")");
                }
            }
            Doctor.Report report = Doctor.examine(new Doctor.Sources(logPaths, yamls, worker, connect,
                    Optional.ofNullable(admin), Optional.ofNullable(session), opsUrl, since, cdcLatencyGoalMs,
                    ZoneId.systemDefault()), System.currentTimeMillis());
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("findings", report.findings());
                body.put("read", report.read());
                body.put("unread", report.unread());
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
            } else {
                print(report, out);
            }
            out.flush();
            return report.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL) ? 1 : 0;
        } finally {
            if (session != null) {
                session.close();
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private Map<String, Object> kafkaClient(Optional<Sandbox> sandbox) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "bridge-doctor");
        if (bootstrapServer == null && sandbox.isPresent()) {
            return sandbox.get().access().kafkaClient(config);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        return KafkaClientProperties.over(config, KafkaClientProperties.load(kafkaConfig == null ? null
                : kafkaConfig.toString()));
    }

    static void print(Doctor.Report report, PrintWriter out) {
        report.read().forEach(line -> out.println("read: " + line));
        report.unread().forEach(line -> out.println("not read: " + line));
        out.println();
        if (report.findings().isEmpty()) {
            out.println("Nothing wrong found.");
            return;
        }
        Map<Severity, Integer> counts = new LinkedHashMap<>();
        report.findings().forEach(finding -> counts.merge(finding.severity(), 1, Integer::sum));
        List<String> summary = new ArrayList<>();
        counts.forEach((severity, count) -> summary.add(count + " " + severity));
        out.println(report.findings().size() + " finding(s): " + String.join(", ", summary));
        for (Finding finding : report.findings()) {
            out.println();
            out.printf("%-8s %s  [%s]%n", finding.severity(), finding.summary(), finding.rule());
            out.println("  why:  " + finding.why());
            out.println("  do:   " + finding.action());
            finding.evidence().forEach(evidence -> out.println("  - " + (evidence.location() == null ? ""
                    : evidence.location() + "  ") + shorten(evidence.detail())
                    + (evidence.series() == null ? "" : "  [" + evidence.series() + "]")));
        }
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
