package io.ckbridge.common.config;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The Cassandra connection keys every connector shares (Confluent's names), defined once and
 * added to each connector's {@code ConfigDef}; {@link #settings} reads them into a typed value.
 */
public final class CassandraConnectionConfig {
    public static final String GROUP = "Connection";

    public static final String CONTACT_POINTS = "cassandra.contact.points";
    private static final String CONTACT_POINTS_DOC =
            "Cassandra hosts to connect to first, comma separated; the driver discovers the rest of the cluster.";
    public static final String PORT = "cassandra.port";
    private static final String PORT_DOC = "CQL native-protocol port of the contact points.";
    public static final String LOCAL_DATACENTER = "cassandra.local.datacenter";
    private static final String LOCAL_DATACENTER_DOC =
            "Data centre the connector treats as local (LOCAL_* consistency levels, routing). Empty: taken from the "
            + "first contact point.";
    public static final String KEYSPACE = "cassandra.keyspace";
    private static final String KEYSPACE_DOC = "Keyspace of the tables the connector reads or writes.";
    public static final String USERNAME = "cassandra.username";
    private static final String USERNAME_DOC = "User name for PasswordAuthenticator; empty for none.";
    public static final String PASSWORD = "cassandra.password";
    private static final String PASSWORD_DOC = "Password of cassandra.username.";
    public static final String SSL_ENABLED = "cassandra.ssl.enabled";
    private static final String SSL_ENABLED_DOC = "Connect with TLS.";
    public static final String SSL_TRUSTSTORE_PATH = "cassandra.ssl.truststore.path";
    private static final String SSL_TRUSTSTORE_PATH_DOC =
            "JKS or PKCS12 truststore with the certificates to trust; empty: the JVM's default.";
    public static final String SSL_TRUSTSTORE_PASSWORD = "cassandra.ssl.truststore.password";
    private static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the truststore.";
    public static final String SSL_KEYSTORE_PATH = "cassandra.ssl.keystore.path";
    private static final String SSL_KEYSTORE_PATH_DOC =
            "Keystore with the client certificate, for client authentication; empty for none.";
    public static final String SSL_KEYSTORE_PASSWORD = "cassandra.ssl.keystore.password";
    private static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the keystore.";
    public static final String SSL_HOSTNAME_VERIFICATION = "cassandra.ssl.hostname.verification";
    private static final String SSL_HOSTNAME_VERIFICATION_DOC =
            "Check that each node's certificate names the host connected to.";
    public static final String COMPRESSION = "cassandra.compression";
    private static final String COMPRESSION_DOC = "Compression of native-protocol frames: NONE, LZ4 or SNAPPY.";
    public static final String CONSISTENCY_LEVEL = "cassandra.consistency.level";
    private static final String CONSISTENCY_LEVEL_DOC = "Consistency level of reads and writes.";
    public static final String REQUEST_TIMEOUT_MS = "cassandra.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC =
            "How long the driver waits for any one request (connection checks, schema and offset queries).";

    public static final List<String> CONSISTENCY_LEVELS = Arrays.stream(DefaultConsistencyLevel.values())
            .map(Enum::name).toList();
    public static final List<String> COMPRESSIONS = List.of("NONE", "LZ4", "SNAPPY");
    private static final ConfigDef CONNECTION_ONLY = defineConnection(new ConfigDef());

    private CassandraConnectionConfig() {
    }

    /** Adds the connection keys and the keyspace to {@code def}, in the "Connection" group. */
    public static ConfigDef define(ConfigDef def) {
        return defineConnection(def, true);
    }

    /**
     * Adds the connection keys without the keyspace, for components that read every keyspace or
     * name their tables themselves (the CDC publisher, the materializer, the CLI).
     */
    public static ConfigDef defineConnection(ConfigDef def) {
        return defineConnection(def, false);
    }

    /**
     * The connection settings of {@code props} ({@code cassandra.*} keys; others are ignored),
     * validated as a connector's would be; a bad value fails with a {@link ConfigException} naming
     * its key.
     */
    public static CassandraConnection connection(Map<String, ?> props) {
        return settings(new AbstractConfig(CONNECTION_ONLY, props, false));
    }

    private static ConfigDef defineConnection(ConfigDef def, boolean withKeyspace) {
        int order = 0;
        def.define(CONTACT_POINTS, Type.LIST, "localhost", CassandraConnectionConfig::requireHosts,
                        Importance.HIGH, CONTACT_POINTS_DOC, GROUP, ++order, Width.LONG, "Contact points")
                .define(PORT, Type.INT, 9042, ConfigDef.Range.between(1, 65535), Importance.HIGH, PORT_DOC, GROUP,
                        ++order, Width.SHORT, "Port")
                .define(LOCAL_DATACENTER, Type.STRING, "", Importance.HIGH, LOCAL_DATACENTER_DOC, GROUP, ++order,
                        Width.MEDIUM, "Local data centre");
        if (withKeyspace) {
            def.define(KEYSPACE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, KEYSPACE_DOC, GROUP, ++order, Width.MEDIUM, "Keyspace");
        }
        return def
                .define(USERNAME, Type.STRING, "", Importance.HIGH, USERNAME_DOC, GROUP, ++order, Width.MEDIUM,
                        "User name")
                .define(PASSWORD, Type.PASSWORD, "", Importance.HIGH, PASSWORD_DOC, GROUP, ++order, Width.MEDIUM,
                        "Password")
                .define(SSL_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM, SSL_ENABLED_DOC, GROUP, ++order,
                        Width.SHORT, "TLS")
                .define(SSL_TRUSTSTORE_PATH, Type.STRING, "", Importance.MEDIUM, SSL_TRUSTSTORE_PATH_DOC, GROUP,
                        ++order, Width.LONG, "Truststore")
                .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC,
                        GROUP, ++order, Width.MEDIUM, "Truststore password")
                .define(SSL_KEYSTORE_PATH, Type.STRING, "", Importance.MEDIUM, SSL_KEYSTORE_PATH_DOC, GROUP,
                        ++order, Width.LONG, "Keystore")
                .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, SSL_KEYSTORE_PASSWORD_DOC,
                        GROUP, ++order, Width.MEDIUM, "Keystore password")
                .define(SSL_HOSTNAME_VERIFICATION, Type.BOOLEAN, true, Importance.LOW,
                        SSL_HOSTNAME_VERIFICATION_DOC, GROUP, ++order, Width.SHORT, "Host name verification")
                .define(COMPRESSION, Type.STRING, "NONE",
                        ConfigDef.CaseInsensitiveValidString.in(COMPRESSIONS.toArray(String[]::new)),
                        Importance.LOW, COMPRESSION_DOC, GROUP, ++order, Width.SHORT, "Compression")
                .define(CONSISTENCY_LEVEL, Type.STRING, "LOCAL_QUORUM",
                        ConfigDef.CaseInsensitiveValidString.in(CONSISTENCY_LEVELS.toArray(String[]::new)),
                        Importance.MEDIUM, CONSISTENCY_LEVEL_DOC, GROUP, ++order, Width.SHORT, "Consistency level")
                .define(REQUEST_TIMEOUT_MS, Type.LONG, 20_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                        REQUEST_TIMEOUT_MS_DOC, GROUP, ++order, Width.SHORT, "Request timeout (ms)");
    }

    private static void requireHosts(String name, Object value) {
        if (value == null || ((List<?>) value).isEmpty()) {
            throw new ConfigException(name, value, "List at least one Cassandra host.");
        }
    }

    /** The typed connection settings of a parsed config that was defined with {@link #define}. */
    public static CassandraConnection settings(AbstractConfig config) {
        return new CassandraConnection(
                config.getList(CONTACT_POINTS),
                config.getInt(PORT),
                config.getString(LOCAL_DATACENTER),
                // a component that reads every keyspace (the materializer) defines no keyspace key
                config.values().containsKey(KEYSPACE) ? config.getString(KEYSPACE) : "",
                config.getString(USERNAME),
                config.getPassword(PASSWORD),
                config.getBoolean(SSL_ENABLED),
                config.getString(SSL_TRUSTSTORE_PATH),
                config.getPassword(SSL_TRUSTSTORE_PASSWORD),
                config.getString(SSL_KEYSTORE_PATH),
                config.getPassword(SSL_KEYSTORE_PASSWORD),
                config.getBoolean(SSL_HOSTNAME_VERIFICATION),
                config.getString(COMPRESSION).toUpperCase(Locale.ROOT),
                DefaultConsistencyLevel.valueOf(config.getString(CONSISTENCY_LEVEL).toUpperCase(Locale.ROOT)),
                config.getLong(REQUEST_TIMEOUT_MS));
    }

    /** Typed connection settings; passwords stay {@link Password}s so they never print. */
    public record CassandraConnection(
            List<String> contactPoints,
            int port,
            String localDatacenter,
            String keyspace,
            String username,
            Password password,
            boolean sslEnabled,
            String truststorePath,
            Password truststorePassword,
            String keystorePath,
            Password keystorePassword,
            boolean hostnameVerification,
            String compression,
            DefaultConsistencyLevel consistencyLevel,
            long requestTimeoutMs) {

        public boolean hasCredentials() {
            return username != null && !username.isBlank();
        }

        /** A one-line description for logs and errors, without secrets. */
        public String describe() {
            return String.join(",", contactPoints) + " port " + port
                    + (localDatacenter.isBlank() ? "" : " dc " + localDatacenter)
                    + (hasCredentials() ? " as " + username : "")
                    + (sslEnabled ? " with TLS" : "");
        }
    }
}
