package io.ckbridge.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of a runtime started from the command line (the CDC publisher, the materializer):
 * a properties file ({@code --config}), then the options that name a setting, then
 * {@code --set KEY=VALUE} overrides, each over the one before. The result feeds the runtime's
 * {@code ConfigDef}-based config.
 */
public final class CommandLineSettings {
    private final Map<String, String> settings = new HashMap<>();

    private CommandLineSettings() {
    }

    /** Starts from the file's settings; {@code file} may be null. */
    public static CommandLineSettings fromFile(Path file) throws IOException {
        CommandLineSettings settings = new CommandLineSettings();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name ->
                    settings.settings.put(name, properties.getProperty(name).trim()));
        }
        return settings;
    }

    /** Sets {@code key} from an option; a null or empty value leaves it as it is. */
    public CommandLineSettings option(String key, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            settings.put(key, value.toString());
        }
        return this;
    }

    /** Sets {@code key} unless the file or an option set it already (to something not blank). */
    public CommandLineSettings orElse(String key, String value) {
        if (value != null && settings.getOrDefault(key, "").isBlank()) {
            settings.put(key, value);
        }
        return this;
    }

    /** Applies {@code --set KEY=VALUE} overrides. */
    public CommandLineSettings overrides(List<String> overrides) {
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--set takes KEY=VALUE, not " + override);
            }
            settings.put(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        return this;
    }

    public Map<String, String> toMap() {
        return new HashMap<>(settings);
    }
}
