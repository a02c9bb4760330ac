package io.ckbridge.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lenses Stream Reactor's Cassandra connection keys ({@code connect.cassandra.*}), each with ours:
 * the names of its classic connectors and those its DataStax-based sink (10.x) took. Our source
 * and sink read them where ours are absent, so that its configurations run unchanged.
 */
public final class StreamReactorKeys {
    public static final String PREFIX = "connect.cassandra.";
    public static final String KCQL = "connect.cassandra.kcql";

    /** Theirs → ours. */
    public static final Map<String, String> CONNECTION = connection();

    private StreamReactorKeys() {
    }

    private static Map<String, String> connection() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("connect.cassandra.contact.points", CassandraConnectionConfig.CONTACT_POINTS);
        keys.put("connect.cassandra.port", CassandraConnectionConfig.PORT);
        keys.put("connect.cassandra.username", CassandraConnectionConfig.USERNAME);
        keys.put("connect.cassandra.password", CassandraConnectionConfig.PASSWORD);
        keys.put("connect.cassandra.auth.username", CassandraConnectionConfig.USERNAME);
        keys.put("connect.cassandra.auth.password", CassandraConnectionConfig.PASSWORD);
        keys.put("connect.cassandra.key.space", CassandraConnectionConfig.KEYSPACE);
        keys.put("connect.cassandra.consistency.level", CassandraConnectionConfig.CONSISTENCY_LEVEL);
        keys.put("connect.cassandra.load.balancing.local.dc", CassandraConnectionConfig.LOCAL_DATACENTER);
        keys.put("connect.cassandra.ssl.enabled", CassandraConnectionConfig.SSL_ENABLED);
        keys.put("connect.cassandra.trust.store.path", CassandraConnectionConfig.SSL_TRUSTSTORE_PATH);
        keys.put("connect.cassandra.trust.store.password", CassandraConnectionConfig.SSL_TRUSTSTORE_PASSWORD);
        keys.put("connect.cassandra.key.store.path", CassandraConnectionConfig.SSL_KEYSTORE_PATH);
        keys.put("connect.cassandra.key.store.password", CassandraConnectionConfig.SSL_KEYSTORE_PASSWORD);
        keys.put("connect.cassandra.ssl.truststore.path", CassandraConnectionConfig.SSL_TRUSTSTORE_PATH);
        keys.put("connect.cassandra.ssl.truststore.password", CassandraConnectionConfig.SSL_TRUSTSTORE_PASSWORD);
        keys.put("connect.cassandra.ssl.keystore.path", CassandraConnectionConfig.SSL_KEYSTORE_PATH);
        keys.put("connect.cassandra.ssl.keystore.password", CassandraConnectionConfig.SSL_KEYSTORE_PASSWORD);
        keys.put("connect.cassandra.ssl.hostname.verification", CassandraConnectionConfig.SSL_HOSTNAME_VERIFICATION);
        keys.put("connect.cassandra.compression", CassandraConnectionConfig.COMPRESSION);
        return Collections.unmodifiableMap(keys);
    }

    /** Ours filled from theirs where ours are absent; {@code aliases} theirs → ours. */
    public static Map<String, String> translate(Map<?, ?> props, Map<String, String> aliases) {
        Map<String, String> result = new LinkedHashMap<>();
        props.forEach((key, value) -> result.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        aliases.forEach((theirs, ours) -> {
            String value = result.get(theirs);
            if (value != null && !result.containsKey(ours)) {
                result.put(ours, value);
            }
        });
        return result;
    }

    /** Whether a key is Stream Reactor's (and a password, which then is a PASSWORD type). */
    public static boolean isPassword(String key) {
        return key.endsWith("password");
    }
}
