package io.ckbridge.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CommandLineSettings;
import io.ckbridge.common.config.PasswordFile;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Cassandra a command talks to: the sandbox's (as its user, over its TLS when it is secure),
 * unless --cassandra names another.
 */
public final class CassandraTarget {
    @Mixin
    SandboxDir sandbox;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", description =
            "Cassandra contact point instead of the sandbox's.")
    String contactPoint;

    @Option(names = "--datacenter", paramLabel = "DC", description = "Local data centre (default: ${DEFAULT-VALUE}).",
            defaultValue = SandboxSettings.DATACENTER)
    String datacenter;

    @Option(names = {"-u", "--username"}, description = "User name, when the cluster uses authentication.")
    String username;

    @Option(names = {"-p", "--password"}, arity = "0..1", interactive = true,
            description = "Password; without a value it is asked for.")
    char[] password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "A file holding the password.")
    Path passwordFile;

    @Option(names = "--cassandra-config", paramLabel = "FILE", description = "A properties file of the "
            + "connectors' cassandra.* connection keys (cassandra.ssl.enabled, cassandra.ssl.truststore.path, ...).")
    Path connectionFile;

    /** Whether --cassandra names a Cassandra other than the sandbox's. */
    public boolean contactPointGiven() {
        return contactPoint != null;
    }

    /** The sandbox folder these options name (its settings give the default addresses). */
    public SandboxDir sandbox() {
        return sandbox;
    }

    /** The session of a command; bound to {@code keyspace} unless it is null. */
    public CqlSession connect(String keyspace) {
        // the sandbox's own user and TLS settings, unless another Cassandra is named
        Map<String, String> connection = new HashMap<>(contactPoint == null
                ? sandbox.access().cassandraSettings() : Map.of());
        connection.putAll(connectionFile());
        connection.put(CassandraConnectionConfig.CONTACT_POINTS,
                contactPoint != null ? contactPoint : sandbox.settings().cassandraContactPoints().get(0));
        connection.put(CassandraConnectionConfig.LOCAL_DATACENTER, datacenter);
        connection.put(CassandraConnectionConfig.REQUEST_TIMEOUT_MS, "30000");
        // the driver's own default, as cqlsh's ONE (the connectors' is LOCAL_QUORUM)
        connection.put(CassandraConnectionConfig.CONSISTENCY_LEVEL, "LOCAL_ONE");
        if (username != null) {
            connection.put(CassandraConnectionConfig.USERNAME, username);
            connection.put(CassandraConnectionConfig.PASSWORD, password());
        } else if (connection.containsKey(CassandraConnectionConfig.USERNAME)) {
            connection.putIfAbsent(CassandraConnectionConfig.PASSWORD, password());
        }
        CassandraConnection target = CassandraConnectionConfig.connection(connection);
        try {
            return SessionFactory.open(target, "bridge-cli", new CommandTuning(keyspace));
        } catch (CassandraConnectionException e) {
            throw new CliException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CliException("Cannot connect to Cassandra at " + String.join(",", target.contactPoints())
                    + ": " + e.getMessage() + ". Is the sandbox running? ('bridge sandbox status')", e);
        }
    }

    private String password() {
        if (password != null) {
            return new String(password);
        }
        try {
            String fromFile = PasswordFile.read(passwordFile);
            return fromFile != null ? fromFile : "";
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private Map<String, String> connectionFile() {
        try {
            return connectionFile == null ? Map.of() : CommandLineSettings.fromFile(connectionFile).toMap();
        } catch (IOException e) {
            throw new CliException("Cannot read " + connectionFile + ": " + e.getMessage(), e);
        }
    }

    /** A command's statements may change the schema: wait for the nodes to agree on it as long as a request. */
    private record CommandTuning(String keyspace) implements SessionTuning {
        @Override
        public void apply(ProgrammaticDriverConfigLoaderBuilder config) {
            config.withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30));
        }

        @Override
        public void customize(CqlSessionBuilder builder) {
            if (keyspace != null) {
                builder.withKeyspace(keyspace);
            }
        }
    }
}
