package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.ckbridge.common.config.SinkTableKeys;
import io.ckbridge.sink.SinkConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One topic → table target, from the DataStax sink's per-table keys
 * {@code topic.<topic>.<keyspace>.<table>.<setting>}: {@code mapping}, {@code ttl},
 * {@code ttlTimeUnit}, {@code timestampTimeUnit}, {@code nullToUnset}, {@code deletesEnabled},
 * {@code consistencyLevel}, {@code query} (a CQL statement of the user's own, its bind markers
 * named by the mapping); and ours, {@code ignore}: record fields a by-name mapping leaves out
 * (Stream Reactor's {@code SELECT * ... IGNORE}). Topics may contain dots; keyspace and table are the last two names.
 * A topic without such keys writes to the table named by {@code cassandra.table.name.format}
 * with every column mapped by name ({@code mapping} empty).
 */
public record TopicTableSettings(
        String topic,
        String keyspace,
        String table,
        Optional<String> mapping,
        Optional<Integer> ttlSeconds,
        TimeUnit ttlUnit,
        TimeUnit timestampUnit,
        boolean nullToUnset,
        boolean deletesEnabled,
        Optional<DefaultConsistencyLevel> consistencyLevel,
        Set<String> ignoredFields,
        Optional<String> query) {

    public static final Pattern KEY = SinkTableKeys.KEY;

    /** Without fields to ignore. */
    public TopicTableSettings(String topic, String keyspace, String table, Optional<String> mapping,
            Optional<Integer> ttlSeconds, TimeUnit ttlUnit, TimeUnit timestampUnit, boolean nullToUnset,
            boolean deletesEnabled, Optional<DefaultConsistencyLevel> consistencyLevel) {
        this(topic, keyspace, table, mapping, ttlSeconds, ttlUnit, timestampUnit, nullToUnset, deletesEnabled,
                consistencyLevel, Set.of(), Optional.empty());
    }

    /** Whether a record field is left out of a by-name mapping (lower case compared, as columns are matched). */
    public boolean ignores(String field) {
        return ignoredFields.contains(field.toLowerCase(Locale.ROOT));
    }

    public String describe() {
        return topic + " -> " + keyspace + "." + table;
    }

    /** The configured key of one of this target's settings, for error messages. */
    public String key(String setting) {
        return "topic." + topic + "." + keyspace + "." + table + "." + setting;
    }

    /** Every target of every topic: explicit ones from topic.* keys, and the by-name default for the rest. */
    public static List<TopicTableSettings> all(SinkConfig config, Map<String, String> props, List<String> topics) {
        Map<String, Map<String, String>> byTarget = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : props.entrySet()) {
            Matcher matcher = KEY.matcher(entry.getKey());
            if (matcher.matches()) {
                String target = matcher.group(1) + "\u0000" + matcher.group(2) + "\u0000" + matcher.group(3);
                byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>()).put(matcher.group(4), entry.getValue());
            }
        }
        List<TopicTableSettings> result = new ArrayList<>();
        List<String> explicitTopics = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> target : byTarget.entrySet()) {
            String[] parts = target.getKey().split("\u0000");
            explicitTopics.add(parts[0]);
            result.add(explicit(config, parts[0], parts[1], parts[2], target.getValue()));
        }
        for (String topic : topics) {
            if (!explicitTopics.contains(topic)) {
                result.add(byName(config, topic));
            }
        }
        return result;
    }

    public static TopicTableSettings byName(SinkConfig config, String topic) {
        return new TopicTableSettings(topic, config.keyspace(), tableName(config.tableNameFormat(), topic),
                Optional.empty(),
                config.ttlSeconds(), TimeUnit.SECONDS, TimeUnit.MICROSECONDS, true, config.deletesEnabled(),
                Optional.empty());
    }

    private static TopicTableSettings explicit(SinkConfig config, String topic, String keyspace, String table,
            Map<String, String> settings) {
        String prefix = "topic." + topic + "." + keyspace + "." + table + ".";
        return new TopicTableSettings(topic, keyspace, table,
                Optional.ofNullable(settings.get("mapping")).filter(m -> !m.isBlank()),
                Optional.ofNullable(settings.get("ttl")).map(v -> parseInt(prefix + "ttl", v)).or(config::ttlSeconds),
                timeUnit(prefix + "ttlTimeUnit", settings.getOrDefault("ttlTimeUnit", "SECONDS")),
                timeUnit(prefix + "timestampTimeUnit", settings.getOrDefault("timestampTimeUnit", "MICROSECONDS")),
                parseBoolean(prefix + "nullToUnset", settings.getOrDefault("nullToUnset", "true")),
                parseBoolean(prefix + "deletesEnabled", settings.getOrDefault("deletesEnabled",
                Boolean.toString(config.deletesEnabled()))),
                Optional.ofNullable(settings.get("consistencyLevel"))
                .map(v -> consistency(prefix + "consistencyLevel", v)),
                fields(settings.getOrDefault("ignore", "")),
                Optional.ofNullable(settings.get("query")).filter(q -> !q.isBlank()));
    }

    private static Set<String> fields(String list) {
        Set<String> fields = new TreeSet<>();
        for (String field : list.split(",")) {
            if (!field.isBlank()) {
                fields.add(field.trim().toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(fields);
    }

    /** The table for a topic: the format with ${topic} replaced, made a valid unquoted CQL name. */
    public static String tableName(String format, String topic) {
        String name = format.replace("${topic}", topic).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return Character.isLetter(name.charAt(0)) ? name : "t_" + name;
    }

    private static int parseInt(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new InvalidSettingException(key, "must not be negative, not " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "must be a whole number, not '" + value + "'");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value.trim());
        }
        throw new InvalidSettingException(key, "must be true or false, not '" + value + "'");
    }

    private static TimeUnit timeUnit(String key, String value) {
        try {
            return TimeUnit.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "must be a time unit (SECONDS, MILLISECONDS, MICROSECONDS...), not '"
                    + value + "'");
        }
    }

    private static DefaultConsistencyLevel consistency(String key, String value) {
        try {
            return DefaultConsistencyLevel.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "is not a consistency level: '" + value + "'");
        }
    }

    /** A topic.* setting has a bad value; {@link #key()} names it for the per-key validation result. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String key;

        public InvalidSettingException(String key, String problem) {
            super(key + " " + problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
