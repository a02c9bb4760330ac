package io.ckbridge.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * A Kafka client properties file ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...),
 * as Kafka's own tools take with {@code --command-config}: applied to every Kafka client a
 * runtime of ours creates, so it works with SSL and SASL clusters. Its values may use Kafka's
 * config providers ({@code config.providers=env} and {@code ${env:KAFKA_PASSWORD}}), so a password
 * need not be in the file itself.
 */
public final class KafkaClientProperties {
    public static final String CLIENT_CONFIG = "kafka.client.config";
    private static final String CLIENT_CONFIG_DOC = "A Kafka client properties file (security.protocol, sasl.*, "
            + "ssl.*, ...) applied to every Kafka client of this component; empty: plaintext.";

    private KafkaClientProperties() {
    }

    /** Defines {@value #CLIENT_CONFIG} in a component's config. */
    public static ConfigDef define(ConfigDef def, String group, int order) {
        return def.define(CLIENT_CONFIG, Type.STRING, "", Importance.MEDIUM, CLIENT_CONFIG_DOC, group, order,
                Width.LONG, "Kafka client properties");
    }

    /** The file's properties, or none for an empty name; a file that cannot be read is a config error. */
    public static Map<String, Object> load(String file) {
        Map<String, Object> properties = new HashMap<>();
        if (file == null || file.isBlank()) {
            return properties;
        }
        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            read.load(reader);
        } catch (IOException e) {
            throw new ConfigException(CLIENT_CONFIG, file, "cannot read the Kafka client properties file: " + e);
        }
        read.stringPropertyNames().forEach(name -> properties.put(name, read.getProperty(name).trim()));
        return properties;
    }

    /** A client's own settings with the file's over them (not its bootstrap.servers: the component's own wins). */
    public static Map<String, Object> over(Map<String, Object> base, Map<String, Object> file) {
        Map<String, Object> merged = new HashMap<>(base);
        file.forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
