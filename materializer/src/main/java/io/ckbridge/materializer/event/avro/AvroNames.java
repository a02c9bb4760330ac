package io.ckbridge.materializer.event.avro;

import java.util.regex.Pattern;

/** CQL names as Avro names ({@code [A-Za-z_][A-Za-z0-9_]*}): other characters become {@code _}. */
final class AvroNames {
    private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9_]");

    private AvroNames() {
    }

    static String of(String cqlName) {
        String name = INVALID.matcher(cqlName).replaceAll("_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
