package io.ckbridge.ops.findings.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's {@code cassandra.yaml}, read as it is. Cassandra 5.0 takes sizes and durations with
 * units ({@code 10000ms}, {@code 4096MiB}) under new names and still the old {@code _in_ms} /
 * {@code _in_mb} names with plain numbers: both are read.
 */
public record NodeSettings(String file, Map<String, Object> settings) {
    private static final Pattern QUANTITY = Pattern.compile("\\s*([\\d.]+)\\s*([a-zA-Z]*)\\s*");

    public Optional<String> text(String key) {
        Object value = settings.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString().trim());
    }

    public boolean flag(String key, boolean otherwise) {
        return text(key).map(Boolean::parseBoolean).orElse(otherwise);
    }

    /** A duration in ms under its 5.0 name or its old {@code <name>_in_ms} name. */
    public Optional<Long> millis(String key) {
        return text(key).map(value -> quantity(value, "ms", key)).or(() -> text(key + "_in_ms")
                .map(value -> quantity(value, "ms", key)));
    }

    /** A size in bytes under its 5.0 name or its old {@code <name>_in_mb} name. */
    public Optional<Long> bytes(String key) {
        return text(key).map(value -> quantity(value, "B", key)).or(() -> text(key + "_in_mb")
                .map(value -> quantity(value, "MiB", key)));
    }

    /** Where a key is set, as evidence cites it. */
    public String where(String key) {
        String found = settings.containsKey(key) ? key : settings.containsKey(key + "_in_ms") ? key + "_in_ms"
                : settings.containsKey(key + "_in_mb") ? key + "_in_mb" : key + " (not set: the default)";
        return file + ": " + found;
    }

    private static long quantity(String value, String plainUnit, String key) {
        Matcher matcher = QUANTITY.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + ": " + value + " is not a quantity");
        }
        double number = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2).isEmpty() ? plainUnit : matcher.group(2);
        double factor = switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns" -> 1e-6;
            case "us", "µs" -> 1e-3;
            case "ms", "b" -> 1;
            case "s" -> 1_000;
            case "kib" -> 1024;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            case "mib" -> 1024.0 * 1024;
            case "gib" -> 1024.0 * 1024 * 1024;
            default -> throw new IllegalArgumentException(key + ": unknown unit " + unit + " in " + value);
        };
        return Math.round(number * factor);
    }
}
