package io.ckbridge.sandbox;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.sandbox.secure.Certificates;
import io.ckbridge.sandbox.secure.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How a client reaches a sandbox's servers, secure or not: the Cassandra connection settings
 * (contact points, user, password, truststore, keystore) and the Kafka client properties. The CLI,
 * the benches and the tests take their connections from here, so none of them cares whether the
 * sandbox is secure.
 *
 * <p>On a secure sandbox every client logs in as {@value #USER} (a CQL superuser role, a Kafka
 * SASL/PLAIN user) over TLS, and presents the sandbox's client certificate to Cassandra, which
 * requires one. Passwords appear only as {@code ${file:<secrets file>:<key>}} references, which
 * Kafka's FileConfigProvider resolves where a Kafka client, the Connect worker or any of our
 * {@code AbstractConfig}-based configs reads them: no map, file or command line here holds one.
 */
public final class SandboxAccess {
    /** The CQL role and the Kafka user of every client of a secure sandbox. */
    public static final String USER = "bridge";
    /** The broker's own SASL user: it logs in to itself on the inter-broker listener. */
    static final String BROKER_USER = "broker";
    static final String CONFIG_PROVIDERS = "config.providers";
    private static final String FILE_PROVIDER_CLASS = "config.providers.file.class";

    private final SandboxLayout layout;
    private final SandboxSettings settings;

    SandboxAccess(SandboxLayout layout, SandboxSettings settings) {
        this.layout = layout;
        this.settings = settings;
    }

    public boolean secure() {
        return settings.secure();
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public String connectUrl() {
        return settings.connectUrl();
    }

    /** What makes {@code ${file:...}} references resolve in any config built on Kafka's AbstractConfig. */
    static Map<String, String> fileConfigProvider() {
        return Map.of(CONFIG_PROVIDERS, "file",
                FILE_PROVIDER_CLASS, "org.apache.kafka.common.config.provider.FileConfigProvider");
    }

    /** A reference to one of the sandbox's secrets, for a config that resolves it. */
    String secret(String key) {
        return Secrets.reference(layout.secretsFile(), key);
    }

    /** The sandbox's passwords themselves, for what cannot resolve a reference (Cassandra's yaml, role set-up). */
    Secrets secrets() {
        return Secrets.read(layout.secretsFile());
    }

    /**
     * The security settings of a Kafka client of this sandbox (none when it is not secure):
     * SASL_SSL, SASL/PLAIN as {@value #USER}, the sandbox's truststore. Without bootstrap.servers.
     */
    public Map<String, Object> kafkaSecurity() {
        Map<String, Object> security = new TreeMap<>();
        if (!secure()) {
            return security;
        }
        security.putAll(fileConfigProvider());
        security.putAll(kafkaLogin(USER, secret(Secrets.KAFKA_PASSWORD)));
        security.putAll(truststore("ssl."));
        return security;
    }

    /** A client's own settings with the sandbox's bootstrap.servers and security settings added. */
    public Map<String, Object> kafkaClient(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.putAll(kafkaSecurity());
        return config;
    }

    /** The file of {@link #kafkaSecurity()}, for {@code --kafka-config} or Kafka's own {@code --command-config}. */
    public Optional<Path> kafkaClientConfigFile() {
        return secure() ? Optional.of(layout.kafkaClientConfig()) : Optional.empty();
    }

    static Map<String, String> kafkaLogin(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /** The sandbox's truststore as Kafka's {@code ssl.truststore.*} keys under {@code prefix}. */
    Map<String, String> truststore(String prefix) {
        Certificates tls = layout.certificates();
        return Map.of(prefix + "truststore.location", tls.truststore().toString(),
                prefix + "truststore.type", "PKCS12",
                prefix + "truststore.password", secret(Secrets.STORE_PASSWORD));
    }

    /** The connection settings of a client of node 1: user, password and TLS as the sandbox wants them. */
    public CassandraConnection cassandra() {
        return CassandraConnectionConfig.connection(cassandraSettings());
    }

    /** {@link #cassandra()} with another request timeout. */
    public CassandraConnection cassandra(Duration requestTimeout) {
        Map<String, String> connection = cassandraSettings();
        connection.put(CassandraConnectionConfig.REQUEST_TIMEOUT_MS, Long.toString(requestTimeout.toMillis()));
        return CassandraConnectionConfig.connection(connection);
    }

    /** The {@code cassandra.*} settings of a client of node 1 (resolvable references, never a password). */
    public Map<String, String> cassandraSettings() {
        return cassandraSettings(SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort());
    }

    /** The {@code cassandra.*} settings of a client of these contact points (host:port, comma separated). */
    public Map<String, String> cassandraSettings(String contactPoints) {
        Map<String, String> connection = new TreeMap<>();
        connection.put(CassandraConnectionConfig.CONTACT_POINTS, contactPoints);
        connection.put(CassandraConnectionConfig.LOCAL_DATACENTER, SandboxSettings.DATACENTER);
        // the driver's own default, which the tools always used (the connectors' is LOCAL_QUORUM)
        connection.put(CassandraConnectionConfig.CONSISTENCY_LEVEL, "LOCAL_ONE");
        connection.putAll(cassandraLogin());
        if (secure()) {
            connection.putAll(fileConfigProvider());
        }
        return connection;
    }

    /**
     * The {@code cassandra.*} keys of a connector on this sandbox's Connect worker: node 1, and the
     * sandbox's user and TLS stores. The worker resolves the password references (its
     * FileConfigProvider), and its REST answers show them as they are.
     */
    public Map<String, String> connectorSettings() {
        Map<String, String> connection = new TreeMap<>();
        connection.put(CassandraConnectionConfig.CONTACT_POINTS, SandboxSettings.nodeAddress(1));
        connection.put(CassandraConnectionConfig.PORT, Integer.toString(settings.cassandraPort()));
        connection.put(CassandraConnectionConfig.LOCAL_DATACENTER, SandboxSettings.DATACENTER);
        connection.putAll(cassandraLogin());
        return connection;
    }

    /** The file of the secure sandbox's Cassandra user and TLS keys, for {@code --cassandra-config}. */
    public Optional<Path> cassandraClientConfigFile() {
        return secure() ? Optional.of(layout.cassandraClientConfig()) : Optional.empty();
    }

    /** The user clients log in as, when Cassandra checks passwords. */
    public Optional<String> cassandraUser() {
        if (secure()) {
            return Optional.of(USER);
        }
        return settings.cassandraAuth() ? Optional.of(SandboxSettings.SUPERUSER) : Optional.empty();
    }

    /** User, password and TLS keys; the well-known default superuser's password as it is. */
    private Map<String, String> cassandraLogin() {
        Map<String, String> login = new TreeMap<>();
        if (secure()) {
            login.put(CassandraConnectionConfig.USERNAME, USER);
            login.put(CassandraConnectionConfig.PASSWORD, secret(Secrets.CASSANDRA_PASSWORD));
            login.putAll(cassandraTls());
        } else if (settings.cassandraAuth()) {
            login.put(CassandraConnectionConfig.USERNAME, SandboxSettings.SUPERUSER);
            login.put(CassandraConnectionConfig.PASSWORD, SandboxSettings.SUPERUSER_PASSWORD);
        }
        return login;
    }

    private Map<String, String> cassandraTls() {
        Certificates tls = layout.certificates();
        return Map.of(CassandraConnectionConfig.SSL_ENABLED, "true",
                CassandraConnectionConfig.SSL_TRUSTSTORE_PATH, tls.truststore().toString(),
                CassandraConnectionConfig.SSL_TRUSTSTORE_PASSWORD, secret(Secrets.STORE_PASSWORD),
                CassandraConnectionConfig.SSL_KEYSTORE_PATH, tls.clientKeystore().toString(),
                CassandraConnectionConfig.SSL_KEYSTORE_PASSWORD, secret(Secrets.STORE_PASSWORD));
    }

    /**
     * The logins a readiness probe of {@code host} tries, in order: the sandbox's own, then on a
     * secure sandbox the default superuser, which is all there is on its first start until the
     * sandbox has created {@value #USER} (and disabled the default one).
     */
    List<CassandraConnection> probeLogins(String host) {
        Map<String, String> own = cassandraSettings(host + ":" + settings.cassandraPort());
        if (!secure()) {
            return List.of(CassandraConnectionConfig.connection(own));
        }
        return List.of(CassandraConnectionConfig.connection(own), defaultSuperuser(host));
    }

    /** The default superuser cassandra/cassandra over the sandbox's TLS: for the first start's role set-up. */
    CassandraConnection defaultSuperuser(String host) {
        Map<String, String> connection = cassandraSettings(host + ":" + settings.cassandraPort());
        connection.put(CassandraConnectionConfig.USERNAME, SandboxSettings.SUPERUSER);
        connection.put(CassandraConnectionConfig.PASSWORD, SandboxSettings.SUPERUSER_PASSWORD);
        return CassandraConnectionConfig.connection(connection);
    }

    /**
     * Writes conf/kafka-client.properties and conf/cassandra-client.properties of a secure
     * sandbox (they hold references, not passwords); removes them from a sandbox started plain.
     */
    void writeClientConfigs() {
        try {
            if (!secure()) {
                Files.deleteIfExists(layout.kafkaClientConfig());
                Files.deleteIfExists(layout.cassandraClientConfig());
                return;
            }
            Files.writeString(layout.kafkaClientConfig(), properties(kafkaSecurity(), """
                    # Generated by 'bridge sandbox start --secure'; rewritten at every start.
                    # Kafka client settings for this sandbox's broker (SASL_SSL, user bridge), e.g.
                    #   kafka-topics.sh --bootstrap-server %s --command-config <this file> --list
                    # The password references are resolved by the client (Kafka's FileConfigProvider).
                    """.formatted(bootstrapServers())));
            Map<String, String> cassandra = new TreeMap<>(cassandraSettings());
            // every component names its own node; the publishers take theirs from their node's yaml
            cassandra.remove(CassandraConnectionConfig.CONTACT_POINTS);
            cassandra.remove(CassandraConnectionConfig.CONSISTENCY_LEVEL);
            Files.writeString(layout.cassandraClientConfig(), properties(cassandra, """
                    # Generated by 'bridge sandbox start --secure'; rewritten at every start.
                    # The connectors' cassandra.* keys for this sandbox's Cassandra (TLS with a client certificate,
                    # user bridge), e.g. bridge cql --cassandra %s --cassandra-config <this file>
                    # The password references are resolved where the keys are read (Kafka's FileConfigProvider).
                    """.formatted(SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the client settings in " + layout.conf(), e);
        }
    }

    /** Properties text, keys sorted, after a header of comment lines. */
    static String properties(Map<String, ?> values, String header) {
        StringBuilder text = new StringBuilder(header);
        new TreeMap<>(values).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    @Override
    public String toString() {
        String cassandra = SandboxSettings.nodeAddress(1) + ":" + settings.cassandraPort();
        if (!secure()) {
            return "sandbox in " + layout.root() + ": Cassandra " + cassandra
                    + cassandraUser().map(user -> " (user " + user + ")").orElse("") + ", Kafka " + bootstrapServers();
        }
        return "secure sandbox in " + layout.root() + ": Cassandra " + cassandra + " (TLS with client certificate, "
                + "user " + USER + "), Kafka " + bootstrapServers() + " (SASL_SSL, user " + USER + ")";
    }
}
