package io.ckbridge.sink.compat;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.SinkTableKeys;
import io.ckbridge.sink.SinkConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The DataStax Kafka sink's connector-level keys ({@code contactPoints}, {@code auth.*},
 * {@code ssl.*}, {@code maxConcurrentRequests}, ...), so that its configurations run unchanged
 * with only {@code connector.class} swapped. Each is defined (shown by {@code config/validate}
 * with what it means here) and translated into ours when ours is absent. A key this sink cannot
 * honour is refused on that key, and one that has no meaning here is accepted and says so.
 * The per-table keys ({@code topic.<topic>.<ks>.<table>.*}) are the sink's own.
 */
public final class DataStaxSinkKeys {
    static final String GROUP = "DataStax sink compatibility";
    public static final String IGNORE_ERRORS = "ignoreErrors";

    /** One key of theirs: our key it fills (null: none) and how its value becomes ours. */
    private record Alias(String key, Type type, String ours, Function<String, String> value, String doc) {
    }

    private static final Map<String, Alias> ALIASES = aliases();

    /** The DataStax sink's per-topic codec keys, and their defaults: the only values that read as ours do. */
    private static final Pattern CODEC_KEY = Pattern.compile("^topic\\.(.+)\\.codec\\.(locale|timeZone|timestamp|date|"
            + "time|unit)$");
    private static final Map<String, String> CODEC_DEFAULTS = Map.of("locale", "en_US", "timeZone", "UTC",
            "timestamp", "CQL_TIMESTAMP", "date", "ISO_LOCAL_DATE", "time", "ISO_LOCAL_TIME", "unit", "MILLISECONDS");
    private static final Pattern QUERY_KEY = Pattern.compile("^topic\\.(.+)\\.([^.]+)\\.([^.]+)\\.query$");

    /** Keys accepted without effect here, and why. */
    private static final Map<String, String> WITHOUT_MEANING = withoutMeaning();

    private DataStaxSinkKeys() {
    }

    private static Map<String, Alias> aliases() {
        Map<String, Alias> keys = new LinkedHashMap<>();
        alias(keys, "contactPoints", Type.LIST, CassandraConnectionConfig.CONTACT_POINTS, Function.identity());
        alias(keys, "port", Type.INT, CassandraConnectionConfig.PORT, Function.identity());
        alias(keys, "loadBalancing.localDc", Type.STRING, CassandraConnectionConfig.LOCAL_DATACENTER,
                Function.identity());
        alias(keys, "auth.username", Type.STRING, CassandraConnectionConfig.USERNAME, Function.identity());
        alias(keys, "auth.password", Type.PASSWORD, CassandraConnectionConfig.PASSWORD, Function.identity());
        alias(keys, "ssl.provider", Type.STRING, CassandraConnectionConfig.SSL_ENABLED,
                provider -> Boolean.toString(provider.trim().equals("JDK")));
        alias(keys, "ssl.hostnameValidation", Type.BOOLEAN, CassandraConnectionConfig.SSL_HOSTNAME_VERIFICATION,
                Function.identity());
        alias(keys, "ssl.keystore.path", Type.STRING, CassandraConnectionConfig.SSL_KEYSTORE_PATH,
                Function.identity());
        alias(keys, "ssl.keystore.password", Type.PASSWORD, CassandraConnectionConfig.SSL_KEYSTORE_PASSWORD,
                Function.identity());
        alias(keys, "ssl.truststore.path", Type.STRING, CassandraConnectionConfig.SSL_TRUSTSTORE_PATH,
                Function.identity());
        alias(keys, "ssl.truststore.password", Type.PASSWORD, CassandraConnectionConfig.SSL_TRUSTSTORE_PASSWORD,
                Function.identity());
        alias(keys, "compression", Type.STRING, CassandraConnectionConfig.COMPRESSION,
                compression -> compression.trim().toUpperCase(Locale.ROOT));
        alias(keys, "queryExecutionTimeout", Type.INT, SinkConfig.EXECUTE_TIMEOUT_MS,
                seconds -> Long.toString(Long.parseLong(seconds.trim()) * 1000));
        alias(keys, "maxConcurrentRequests", Type.INT, SinkConfig.MAX_CONCURRENT_REQUESTS, Function.identity());
        alias(keys, "maxNumberOfRecordsInBatch", Type.INT, SinkConfig.BATCH_MAX_RECORDS, Function.identity());
        return keys;
    }

    private static void alias(Map<String, Alias> keys, String theirs, Type type, String ours,
            Function<String, String> value) {
        keys.put(theirs, new Alias(theirs, type, ours, value, "The DataStax sink's name for " + ours + "."));
    }

    private static Map<String, String> withoutMeaning() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("auth.provider", "None or PLAIN: PLAIN is used whenever auth.username is set (GSSAPI is refused).");
        keys.put("connectionPoolLocalSize", "No meaning here: the driver's one connection per node carries "
                + "thousands of requests at once; cassandra.max.concurrent.requests bounds the writes in flight.");
        keys.put("jmx", "No meaning here: the sink's figures are Kafka Connect's task metrics and the ops server's "
                + "Prometheus metrics.");
        keys.put("jmxConnectorDomain", "No meaning here (see jmx).");
        keys.put("metricsHighestLatency", "No meaning here (see jmx).");
        keys.put(IGNORE_ERRORS, "None: a record that cannot be written fails the task (unless errors.tolerance=all); "
                + "All: such records are logged and skipped (to the dead-letter queue with errors.tolerance=all); "
                + "Driver: only records Cassandra refuses are skipped, bad data still fails the task.");
        return keys;
    }

    /** Adds their keys to {@code def}, each saying what it does here. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        for (Alias alias : ALIASES.values()) {
            def.define(alias.key(), alias.type(), null, Importance.LOW, alias.doc(), GROUP, ++order, Width.MEDIUM,
                    alias.key());
        }
        for (Map.Entry<String, String> key : WITHOUT_MEANING.entrySet()) {
            def.define(key.getKey(), Type.STRING, null, Importance.LOW, key.getValue(), GROUP, ++order,
                    Width.SHORT, key.getKey());
        }
        return def;
    }

    /**
     * Our keys filled from theirs where ours are absent. Their configurations name no keyspace of
     * their own (each table key names one): the first table's keyspace holds the sink's offset table.
     */
    public static Map<String, String> translate(Map<String, String> props) {
        Map<String, String> result = new LinkedHashMap<>(props);
        for (Alias alias : ALIASES.values()) {
            String value = props.get(alias.key());
            if (value != null && !value.isBlank() && !props.containsKey(alias.ours())) {
                try {
                    result.put(alias.ours(), alias.value().apply(value));
                } catch (NumberFormatException e) {
                    result.put(alias.ours(), value); // our key's validation names the bad value
                }
            }
        }
        // the DataStax sink writes each row at its record's timestamp
        if (ALIASES.keySet().stream().anyMatch(props::containsKey) && !props.containsKey(
                SinkConfig.TIMESTAMP_FROM_RECORD)) {
            result.put(SinkConfig.TIMESTAMP_FROM_RECORD, "true");
        }
        if (!props.containsKey(CassandraConnectionConfig.KEYSPACE)) {
            Set<String> tables = SinkTableKeys.tables(props);
            if (!tables.isEmpty()) {
                String first = tables.iterator().next();
                result.put(CassandraConnectionConfig.KEYSPACE, first.substring(0, first.indexOf('.')));
            }
        }
        return result;
    }

    /**
     * Their keys whose settings this sink cannot honour, each with why and what to use instead:
     * running without them would connect or write differently from what the user asked.
     */
    public static Map<String, String> refusals(Map<String, String> props) {
        Map<String, String> refused = new LinkedHashMap<>();
        String provider = props.getOrDefault("auth.provider", "None").trim();
        if (!Set.of("None", "PLAIN", "").contains(provider)) {
            refused.put("auth.provider", "auth.provider=" + provider + " is not supported here: use PLAIN with "
                    + "auth.username and auth.password (Kerberos is not available).");
        }
        for (String key : new TreeSet<>(props.keySet())) {
            String value = props.get(key) == null ? "" : props.get(key).trim();
            if (key.startsWith("auth.gssapi.") && !value.isEmpty()) {
                refused.put(key, key + " is not supported here: Kerberos (GSSAPI) is not available; use PLAIN with "
                        + "auth.username and auth.password.");
            } else if (key.startsWith("ssl.openssl.") && !value.isEmpty()) {
                refused.put(key, key + " is not supported here: give the key and certificate as a keystore "
                        + "(ssl.keystore.path) with ssl.provider=JDK.");
            } else if (key.equals("ssl.cipherSuites") && !value.isEmpty()) {
                refused.put(key, "ssl.cipherSuites cannot be set here: the JVM's enabled suites are used; restrict "
                        + "them with the JVM's jdk.tls.disabledAlgorithms, then remove this key.");
            } else if (key.equals("cloud.secureConnectBundle") && !value.isEmpty()) {
                refused.put(key, "Astra secure connect bundles are not supported here: give contactPoints, "
                        + "loadBalancing.localDc, ssl.* and auth.* instead.");
            } else if (key.startsWith("datastax-java-driver.")) {
                refused.put(key, key + " is not passed to the driver here: set the matching cassandra.* or DataStax "
                        + "connector key instead (contactPoints, loadBalancing.localDc, queryExecutionTimeout, "
                        + "compression, ...).");
            }
        }
        for (Map.Entry<String, String> entry : props.entrySet()) {
            Matcher codec = CODEC_KEY.matcher(entry.getKey());
            if (codec.matches() && entry.getValue() != null
                    && !entry.getValue().trim().equals(CODEC_DEFAULTS.get(codec.group(2)))) {
                refused.put(entry.getKey(), entry.getKey() + "=" + entry.getValue() + " is not supported here: "
                        + "strings are read as CQL literals and ISO-8601 in UTC (the DataStax defaults, "
                        + CODEC_DEFAULTS + "); convert them before the sink, e.g. with the TimestampConverter SMT.");
            }
            if (QUERY_KEY.matcher(entry.getKey()).matches()) {
                String deletes = entry.getKey().substring(0, entry.getKey().length() - "query".length())
                        + "deletesEnabled";
                if (!"false".equalsIgnoreCase(props.getOrDefault(deletes, "true").trim())) {
                    refused.put(entry.getKey(), "a statement of your own (" + entry.getKey() + ") writes rows, it "
                            + "cannot delete them: set " + deletes + "=false, as the DataStax sink requires too.");
                }
            }
        }
        String sslProvider = props.getOrDefault("ssl.provider", "None").trim();
        if (!Set.of("None", "JDK", "").contains(sslProvider)) {
            refused.put("ssl.provider", "ssl.provider=" + sslProvider + " is not supported here: use JDK (or None).");
        }
        ignoreErrors(props).ifPresent(problem -> refused.put(IGNORE_ERRORS, problem));
        return refused;
    }

    /** What {@code ignoreErrors} asks to skip, from their values None, All, Driver (true and false of old). */
    public enum Skip { NONE, ALL, DRIVER }

    public static Skip skip(Map<String, String> props) {
        String value = props.getOrDefault(IGNORE_ERRORS, "None").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "all" -> Skip.ALL;
            case "driver", "true" -> Skip.DRIVER;
            default -> Skip.NONE;
        };
    }

    private static Optional<String> ignoreErrors(Map<String, String> props) {
        String value = props.getOrDefault(IGNORE_ERRORS, "None").trim().toLowerCase(Locale.ROOT);
        if (Set.of("none", "all", "driver", "true", "false", "").contains(value)) {
            return Optional.empty();
        }
        return Optional.of("ignoreErrors=" + props.get(IGNORE_ERRORS) + ": expected None, All or Driver.");
    }
}
