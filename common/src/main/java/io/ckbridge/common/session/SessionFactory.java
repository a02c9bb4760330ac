package io.ckbridge.common.session;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds driver sessions from {@link CassandraConnection} settings: contact points, data centre, auth, TLS.
 * A refused login or a failed TLS handshake fails with a {@link CassandraConnectionException} that says
 * which node and which keys to check.
 */
public final class SessionFactory {
    private SessionFactory() {
    }

    /**
     * Opens a session. {@code tuning} adds options of the caller (pool sizes, timeouts); the
     * session's name shows in driver logs and metrics.
     */
    public static CqlSession open(CassandraConnection connection, String sessionName, SessionTuning tuning) {
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.SESSION_NAME, sessionName)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(connection.requestTimeoutMs()))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT,
                        Duration.ofMillis(connection.requestTimeoutMs()))
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, connection.consistencyLevel().name())
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0);
        if (!"NONE".equals(connection.compression())) {
            config.withString(DefaultDriverOption.PROTOCOL_COMPRESSION, connection.compression()
                    .toLowerCase(Locale.ROOT));
        }
        if (connection.localDatacenter().isBlank()) {
            // No data centre given: take the one of the contact points instead of failing.
            config.withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
        }
        tuning.apply(config);

        CqlSessionBuilder builder = CqlSession.builder()
                .withConfigLoader(config.build())
                .addContactPoints(contactPoints(connection));
        if (!connection.localDatacenter().isBlank()) {
            builder.withLocalDatacenter(connection.localDatacenter());
        }
        if (connection.hasCredentials()) {
            builder.withAuthCredentials(connection.username(), value(connection.password()));
        }
        if (connection.sslEnabled()) {
            builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(sslContext(connection), null,
                    connection.hostnameVerification()));
        }
        if (connection.keyspace() != null && !connection.keyspace().isBlank() && tuning.useKeyspace()) {
            builder.withKeyspace(connection.keyspace());
        }
        tuning.customize(builder);
        try {
            return builder.build();
        } catch (AllNodesFailedException e) {
            throw explained(sessionName, connection, e);
        }
    }

    /** A refused login or failed TLS handshake as a {@link CassandraConnectionException}; anything else as it is. */
    private static RuntimeException explained(String sessionName, CassandraConnection connection,
            AllNodesFailedException failure) {
        for (Map.Entry<Node, List<Throwable>> node : failure.getAllErrors().entrySet()) {
            for (Throwable error : node.getValue()) {
                Optional<CassandraConnectionException> explained = CassandraConnectionException.explain(sessionName,
                        connection, endpoint(node.getKey()), error);
                if (explained.isPresent()) {
                    return explained.get();
                }
            }
        }
        return failure;
    }

    private static String endpoint(Node node) {
        if (node.getEndPoint().resolve() instanceof InetSocketAddress address) {
            return address.getHostString() + ":" + address.getPort();
        }
        return node.getEndPoint().toString();
    }

    static List<InetSocketAddress> contactPoints(CassandraConnection connection) {
        return connection.contactPoints().stream().map(String::trim).filter(host -> !host.isEmpty()).map(host -> {
            int colon = host.lastIndexOf(':');
            // host:port overrides the common port; a bare IPv6 address has several colons.
            if (colon > 0 && host.indexOf(':') == colon) {
                return InetSocketAddress.createUnresolved(host.substring(0, colon),
                        Integer.parseInt(host.substring(colon + 1)));
            }
            return InetSocketAddress.createUnresolved(host, connection.port());
        }).toList();
    }

    private static SSLContext sslContext(CassandraConnection connection) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(connection.truststorePath().isBlank()
                    ? null : load(connection.truststorePath(), connection.truststorePassword()));
            KeyManagerFactory keys = null;
            if (!connection.keystorePath().isBlank()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(connection.keystorePath(), connection.keystorePassword()),
                        value(connection.keystorePassword()).toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot set up TLS for Cassandra: " + e.getMessage()
                    + ". Check cassandra.ssl.truststore.path/keystore.path and their passwords.", e);
        }
    }

    private static KeyStore load(String path, Password password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(path.endsWith(".jks") ? "JKS" : KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, value(password).toCharArray());
        }
        return store;
    }

    private static String value(Password password) {
        return password == null || password.value() == null ? "" : password.value();
    }
}
