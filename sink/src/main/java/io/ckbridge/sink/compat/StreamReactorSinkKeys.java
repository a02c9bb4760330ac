package io.ckbridge.sink.compat;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.SinkTableKeys;
import io.ckbridge.common.config.StreamReactorKeys;
import io.ckbridge.common.kcql.KcqlReader;
import io.ckbridge.sink.SinkConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Lenses Stream Reactor's Cassandra sink configuration ({@code connect.cassandra.*} and its KCQL),
 * read unchanged: its connection keys become ours, and each KCQL statement becomes the per-table
 * keys {@code topic.<topic>.<ks>.<table>.*} the sink runs on (a mapping of the selected fields,
 * the TTL, the fields to ignore, deletes). Bad KCQL is refused at validation on
 * {@code connect.cassandra.kcql}, naming the token and its position.
 */
public final class StreamReactorSinkKeys {
    static final String GROUP = "Stream Reactor compatibility";
    public static final String KCQL = StreamReactorKeys.KCQL;
    static final String DELETE_ENABLED = "connect.cassandra.delete.enabled";
    static final String DELETE_STATEMENT = "connect.cassandra.delete.statement";
    static final String DELETE_FIELDS = "connect.cassandra.delete.struct_flds";
    static final String DEFAULT_VALUE = "connect.cassandra.default.value";
    static final String ERROR_POLICY = "connect.cassandra.error.policy";
    static final String IGNORE_ERRORS_MODE = "connect.cassandra.ignore.errors.mode";
    private static final Pattern DELETE = Pattern.compile("(?i)^\\s*DELETE\\s+FROM\\s+([\\w.\"]+)\\s+WHERE\\s+(.+?)"
            + "\\s*;?\\s*$");
    private static final Pattern CONDITION = Pattern.compile("(?i)^\\s*\"?(\\w+)\"?\\s*=\\s*\\?\\s*$");

    private static final Map<String, String> ALIASES = aliases();
    private static final Map<String, String> WITHOUT_MEANING = withoutMeaning();

    private StreamReactorSinkKeys() {
    }

    private static Map<String, String> aliases() {
        Map<String, String> keys = new LinkedHashMap<>(StreamReactorKeys.CONNECTION);
        keys.put("connect.cassandra.max.concurrent.requests", SinkConfig.MAX_CONCURRENT_REQUESTS);
        keys.put("connect.cassandra.max.batch.size", SinkConfig.BATCH_MAX_RECORDS);
        keys.put("connect.cassandra.read.timeout.ms", SinkConfig.EXECUTE_TIMEOUT_MS);
        keys.put("connect.cassandra.query.timeout.ms", SinkConfig.EXECUTE_TIMEOUT_MS);
        return keys;
    }

    private static Map<String, String> withoutMeaning() {
        Map<String, String> keys = new LinkedHashMap<>();
        String pool = "No meaning here: the driver's one connection per node carries thousands of requests at once.";
        keys.put("connect.cassandra.load.balancing.policy", "No meaning here: writes go token-aware to a replica "
                + "in the local data centre.");
        keys.put("connect.cassandra.threadpool.size", pool);
        keys.put("connect.cassandra.connection.pool.size", pool);
        keys.put("connect.cassandra.fetch.size", "No meaning here: the sink reads nothing.");
        keys.put("connect.cassandra.connect.timeout.ms", "No meaning here: the driver's connection timeout.");
        keys.put("connect.cassandra.trust.store.type", "JKS or PKCS12: read from the file.");
        keys.put("connect.cassandra.key.store.type", "JKS or PKCS12: read from the file.");
        keys.put("connect.cassandra.ssl.client.cert.auth", "A client certificate is sent when a keystore is given.");
        keys.put("connect.cassandra.max.retries", "No meaning here: transient failures are retried for "
                + SinkConfig.RETRY_TIMEOUT_MS + ".");
        keys.put("connect.cassandra.retry.interval", "No meaning here (see max.retries).");
        keys.put("connect.progress.enabled", "No meaning here: progress is in Connect's task metrics and ops.");
        keys.put(KCQL, "INSERT|UPSERT INTO <table> SELECT <fields|*> FROM <topic> [IGNORE <fields>] [TTL=<s>]; ...: "
                + "each statement a topic's table, fields by path (a.b.c, _key.id) with AS <column>.");
        keys.put(DELETE_ENABLED, "true: a record with a null value deletes the row of its key's primary key.");
        keys.put(DELETE_STATEMENT, "DELETE FROM <table> WHERE <pk column> = ? AND ...: the table's primary key, "
                + "bound from connect.cassandra.delete.struct_flds of the key.");
        keys.put(DELETE_FIELDS, "The key's fields, in the delete statement's order.");
        keys.put(DEFAULT_VALUE, "UNSET: a null field leaves its column as it is; else it writes null, as Stream "
                + "Reactor's INSERT JSON does.");
        keys.put(ERROR_POLICY, "THROW or RETRY: a record that cannot be written fails the task after the sink's "
                + "retries; NOOP: it is logged and skipped (to the DLQ with errors.tolerance=all).");
        keys.put(IGNORE_ERRORS_MODE, "none, all or driver: as the DataStax sink's ignoreErrors.");
        return keys;
    }

    /** Adds their keys to {@code def}, each saying what it does here. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            if (!def.configKeys().containsKey(alias.getKey())) {
                def.define(alias.getKey(), StreamReactorKeys.isPassword(alias.getKey()) ? Type.PASSWORD
                        : Type.STRING, null, Importance.LOW, "Stream Reactor's name for " + alias.getValue() + ".",
                        GROUP, ++order, Width.MEDIUM, alias.getKey());
            }
        }
        for (Map.Entry<String, String> key : WITHOUT_MEANING.entrySet()) {
            def.define(key.getKey(), Type.STRING, null, key.getKey().equals(KCQL) ? Importance.HIGH : Importance.LOW,
                    key.getValue(), GROUP, ++order, key.getKey().equals(KCQL) ? Width.LONG : Width.SHORT,
                    key.getKey());
        }
        return def;
    }

    /** Ours filled from theirs where ours are absent, and the KCQL's statements as per-table keys. */
    public static Map<String, String> translate(Map<String, String> props) {
        Map<String, String> result = StreamReactorKeys.translate(props, ALIASES);
        String kcql = props.get(KCQL);
        if (kcql == null || kcql.isBlank()) {
            return result;
        }
        List<SinkKcql> statements;
        try {
            statements = SinkKcql.parse(kcql);
        } catch (KcqlReader.KcqlException e) {
            return result; // refused on its key by refusals()
        }
        String keyspace = result.get(CassandraConnectionConfig.KEYSPACE);
        for (SinkKcql statement : statements) {
            String[] target = target(statement, keyspace);
            if (target[0] == null) {
                continue; // refused: no keyspace
            }
            if (keyspace == null) {
                keyspace = target[0];
                result.put(CassandraConnectionConfig.KEYSPACE, keyspace);
            }
            String prefix = "topic." + statement.topic() + "." + target[0] + "." + target[1] + ".";
            if (!statement.selectsAll()) {
                List<String> mapping = new ArrayList<>();
                for (SinkKcql.Field field : statement.fields()) {
                    if (!statement.ignored().contains(field.path()) && !statement.ignored().contains(field.column())) {
                        mapping.add(field.column() + "=" + field.mappingPath());
                    }
                }
                result.putIfAbsent(prefix + "mapping", String.join(", ", mapping));
            } else if (!statement.ignored().isEmpty()) {
                result.putIfAbsent(prefix + "ignore", String.join(",", statement.ignored()));
            }
            statement.ttlSeconds().ifPresent(ttl -> result.putIfAbsent(prefix + "ttl", Integer.toString(ttl)));
            result.putIfAbsent(prefix + "deletesEnabled", Boolean.toString(Boolean.parseBoolean(
                    props.getOrDefault(DELETE_ENABLED, "false").trim())));
            result.putIfAbsent(prefix + "nullToUnset", Boolean.toString("UNSET".equals(
                    props.getOrDefault(DEFAULT_VALUE, "").trim())));
        }
        return result;
    }

    /** {keyspace, table} of a statement: {@code ks.table}, or the table in connect.cassandra.key.space. */
    private static String[] target(SinkKcql statement, String keyspace) {
        int dot = statement.target().indexOf('.');
        return dot > 0 ? new String[] {statement.target().substring(0, dot), statement.target().substring(dot + 1)
                .toLowerCase(Locale.ROOT)} : new String[] {keyspace, statement.target().toLowerCase(Locale.ROOT)};
    }

    /** Their settings this sink cannot take, each with why and what to write instead. */
    public static Map<String, String> refusals(Map<String, String> props) {
        Map<String, String> refused = new LinkedHashMap<>();
        String kcql = props.get(KCQL);
        if (kcql == null || kcql.isBlank()) {
            return refused;
        }
        List<SinkKcql> statements;
        try {
            statements = SinkKcql.parse(kcql);
        } catch (KcqlReader.KcqlException e) {
            refused.put(KCQL, e.getMessage());
            return refused;
        }
        String keyspace = StreamReactorKeys.translate(props, ALIASES).get(CassandraConnectionConfig.KEYSPACE);
        for (SinkKcql statement : statements) {
            if (target(statement, keyspace)[0] == null) {
                refused.put(KCQL, "KCQL: INSERT INTO " + statement.target() + " names no keyspace: set "
                        + "connect.cassandra.key.space, or write INSERT INTO <keyspace>.<table>");
            }
            if (statement.selectsAll() && props.keySet().stream().anyMatch(key -> SinkTableKeys.KEY.matcher(key)
                    .matches() && key.startsWith("topic." + statement.topic() + ".") && key.endsWith(".mapping"))) {
                refused.put(KCQL, "KCQL: " + statement.topic() + " has both a KCQL statement and a "
                        + "topic.*.mapping key: keep one");
            }
        }
        if (Boolean.parseBoolean(props.getOrDefault(DELETE_ENABLED, "false").trim())) {
            deleteStatement(props).ifPresent(problem -> refused.put(DELETE_STATEMENT, problem));
        }
        String policy = props.getOrDefault(ERROR_POLICY, "THROW").trim().toUpperCase(Locale.ROOT);
        if (!List.of("THROW", "RETRY", "NOOP", "").contains(policy)) {
            refused.put(ERROR_POLICY, ERROR_POLICY + "=" + props.get(ERROR_POLICY) + ": expected NOOP, THROW or RETRY");
        }
        return refused;
    }

    /**
     * Deletes here are of the row of the key's primary key: a delete statement must say just that,
     * {@code DELETE FROM <table> WHERE <column> = ? AND ...}, its columns the key's fields in order.
     */
    private static Optional<String> deleteStatement(Map<String, String> props) {
        String statement = props.getOrDefault(DELETE_STATEMENT, "").trim();
        if (statement.isEmpty()) {
            return Optional.empty();
        }
        Matcher delete = DELETE.matcher(statement);
        List<String> columns = new ArrayList<>();
        if (delete.matches()) {
            for (String condition : delete.group(2).split("(?i)\\s+AND\\s+")) {
                Matcher column = CONDITION.matcher(condition);
                if (!column.matches()) {
                    columns = null;
                    break;
                }
                columns.add(column.group(1).toLowerCase(Locale.ROOT));
            }
        }
        List<String> fields = new ArrayList<>();
        for (String field : props.getOrDefault(DELETE_FIELDS, "").split(",")) {
            if (!field.isBlank()) {
                fields.add(field.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (!delete.matches() || columns == null || !fields.isEmpty() && !fields.equals(columns)) {
            return Optional.of(DELETE_STATEMENT + " must be DELETE FROM <table> WHERE <column> = ? AND ... over the "
                    + "table's primary key, its columns the key's fields of " + DELETE_FIELDS + " in order; this "
                    + "sink deletes the row of the record key's primary key (found: " + statement + ")");
        }
        return Optional.empty();
    }

    /** What their error settings ask to skip: ignore.errors.mode, else error.policy=NOOP (all). */
    public static DataStaxSinkKeys.Skip skip(Map<String, String> props) {
        String mode = props.getOrDefault(IGNORE_ERRORS_MODE, "").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("all")) {
            return DataStaxSinkKeys.Skip.ALL;
        }
        if (mode.equals("driver")) {
            return DataStaxSinkKeys.Skip.DRIVER;
        }
        return props.getOrDefault(ERROR_POLICY, "").trim().equalsIgnoreCase("NOOP") ? DataStaxSinkKeys.Skip.ALL
                : DataStaxSinkKeys.Skip.NONE;
    }
}
