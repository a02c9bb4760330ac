package io.ckbridge.common.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where a schema registry answers, from the URL a user gives: the registry's root or any of its
 * API roots. The Confluent-compatible API ({@code /apis/ccompat/v7} on Apicurio Registry) is what
 * schemas are checked and listed through; Apicurio's own ({@code /apis/registry/v2}) is what
 * Apicurio's converter and serdes write through.
 */
public record RegistryUrl(String root) {
    static final String CONFLUENT_API = "/apis/ccompat/v7";
    static final String APICURIO_API = "/apis/registry/v2";
    private static final List<String> API_ROOTS = List.of(CONFLUENT_API, APICURIO_API, "/apis/registry/v3");

    /** Checks a setting holding a registry URL when the config is read; empty is allowed (no registry). */
    public static final ConfigDef.Validator VALIDATOR = (name, value) -> {
        if (value != null && !value.toString().isBlank()) {
            try {
                of(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }
    };

    /** The registry a validated setting names, if any. */
    public static Optional<RegistryUrl> fromSetting(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(of(value));
    }

    public static RegistryUrl of(String configured) {
        String url = configured.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        for (String api : API_ROOTS) {
            if (url.endsWith(api)) {
                url = url.substring(0, url.length() - api.length());
            }
        }
        URI uri = URI.create(url);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL of a schema registry: " + configured);
        }
        return new RegistryUrl(url);
    }

    public String confluentApi() {
        return root + CONFLUENT_API;
    }

    public String apicurioApi() {
        return root + APICURIO_API;
    }
}
