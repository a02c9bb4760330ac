package io.ckbridge.cli.repair;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.cli.CassandraTarget;
import io.ckbridge.cli.CliException;
import io.ckbridge.ops.nodes.JmxEndpoint;
import io.ckbridge.ops.nodes.JmxOptions;
import io.ckbridge.ops.repair.RepairEngine;
import io.ckbridge.ops.repair.RepairSettings;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a repair command goes: the ops server (--ops, or the sandbox's when it answers), else a
 * repair engine in this process, on the Cassandra of {@link CassandraTarget} and the nodes' JMX.
 */
public final class RepairTarget {
    private static final Duration READY_WAIT = Duration.ofMinutes(2);

    @Mixin
    CassandraTarget cassandra;

    @Option(names = "--ops", paramLabel = "URL", description = "The ops server (default: the sandbox's, when it "
            + "answers; else the repair runs from here).")
    URI ops;

    @Option(names = "--local", description = "Repair from this process even when an ops server answers.")
    boolean local;

    /** When repairing from here (default: the sandbox's nodes). */
    @Mixin
    JmxOptions jmx;

    @Option(names = "--state-keyspace", paramLabel = "KEYSPACE", defaultValue = "bridge_repair", description =
            "Keyspace of the repair state, shared with the ops server (default: ${DEFAULT-VALUE}).")
    String stateKeyspace;

    RepairBackend open(PrintWriter err) {
        if (ops != null && !local) {
            return new OpsRepairBackend(withSlash(ops)).awaitReady(READY_WAIT, err);
        }
        SandboxSettings sandbox = cassandra.sandbox().settings();
        URI sandboxOps = URI.create("http://127.0.0.1:" + sandbox.opsPort() + "/");
        if (!local && OpsRepairBackend.answers(sandboxOps)) {
            return new OpsRepairBackend(sandboxOps).awaitReady(READY_WAIT, err);
        }
        List<JmxEndpoint> endpoints = JmxEndpoint.parse(jmx.endpoints() != null ? jmx.endpoints()
                : sandboxJmx(sandbox));
        Set<UUID> driven = LocalRepairBackend.drivenRuns();
        CqlSession session = cassandra.connect(null);
        try {
            RepairEngine engine = RepairEngine.over(session, stateKeyspace, "", endpoints,
                    jmx.username() == null ? "" : jmx.username(), jmxPassword(), RepairSettings.defaults(owner()),
                    driven::contains);
            String why = local ? "--local" : "no ops server at " + sandboxOps;
            return new LocalRepairBackend(engine, driven, why + "; JMX "
                    + endpoints.stream().map(JmxEndpoint::address).toList());
        } catch (RuntimeException e) {
            session.close();
            throw new CliException("Cannot open the repair state in keyspace " + stateKeyspace + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<String> sandboxJmx(SandboxSettings sandbox) {
        List<String> endpoints = new ArrayList<>();
        for (int node = 1; node <= sandbox.nodes(); node++) {
            endpoints.add("127.0.0.1:" + (sandbox.jmxPort() + node - 1));
        }
        return endpoints;
    }

    private String jmxPassword() {
        try {
            String password = jmx.password();
            return password == null ? "" : password;
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** A name of its own in the leases: two commands on one host never share one. */
    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "bridge-cli@" + host + ":" + ProcessHandle.current().pid();
    }

    private static URI withSlash(URI uri) {
        return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }
}
