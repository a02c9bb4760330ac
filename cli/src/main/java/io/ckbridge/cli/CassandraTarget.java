package io.ckbridge.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ckbridge.sandbox.SandboxDir;
import io.ckbridge.sandbox.SandboxSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The Cassandra a command talks to: the sandbox's, unless --cassandra names another. */
public final class CassandraTarget {
    @Mixin
    SandboxDir sandbox;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", description = "Cassandra contact point instead of the sandbox's.")
    String contactPoint;

    @Option(names = "--datacenter", paramLabel = "DC", description = "Local data centre (default: ${DEFAULT-VALUE}).",
            defaultValue = SandboxSettings.DATACENTER)
    String datacenter;

    @Option(names = {"-u", "--username"}, description = "User name, when the cluster uses authentication.")
    String username;

    @Option(names = {"-p", "--password"}, arity = "0..1", interactive = true,
            description = "Password; without a value it is asked for.")
    char[] password;

    public CqlSession connect(String keyspace) {
        SandboxSettings settings = sandbox.settings();
        String point = contactPoint != null ? contactPoint : settings.cassandraContactPoints().get(0);
        int colon = point.lastIndexOf(':');
        InetSocketAddress address = colon < 0
                ? new InetSocketAddress(point, 9042)
                : new InetSocketAddress(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)));
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoint(address)
                .withLocalDatacenter(datacenter)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                        // a command's session closes when it ends: no 2 s linger of the event loops
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build());
        if (username != null) {
            builder.withAuthCredentials(username, password == null ? "" : new String(password));
        } else if (contactPoint == null && settings.cassandraAuth()) {
            builder.withAuthCredentials(SandboxSettings.SUPERUSER, SandboxSettings.SUPERUSER_PASSWORD);
        }
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        try {
            return builder.build();
        } catch (RuntimeException e) {
            throw new CliException("Cannot connect to Cassandra at " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage() + ". Is the sandbox running? ('bridge sandbox status')", e);
        }
    }
}
