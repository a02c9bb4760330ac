package io.ckbridge.common.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink connector's per-table keys, {@code topic.<topic>.<keyspace>.<table>.<setting>}: the
 * one definition the sink reads its mappings by and ops finds a sink's tables by.
 */
public final class SinkTableKeys {
    /** Groups: 1 topic (may hold dots), 2 keyspace, 3 table, 4 setting. */
    public static final Pattern KEY = Pattern.compile("^topic\\.(.+)\\.([^.]+)\\.([^.]+)\\."
            + "(mapping|ttl|ttlTimeUnit|timestampTimeUnit|nullToUnset|deletesEnabled|consistencyLevel|ignore|query)$");

    private SinkTableKeys() {
    }

    /** {@code keyspace.table} a key configures, if it is one of these keys. */
    public static Optional<String> table(String key) {
        Matcher matcher = KEY.matcher(key);
        return matcher.matches() ? Optional.of(matcher.group(2) + "." + matcher.group(3)) : Optional.empty();
    }

    /** Every {@code keyspace.table} a sink connector's config writes to. */
    public static Set<String> tables(Map<String, String> config) {
        Set<String> tables = new TreeSet<>();
        config.keySet().forEach(key -> table(key).ifPresent(tables::add));
        return tables;
    }
}
