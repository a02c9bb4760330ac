package io.ckbridge.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka topics → Cassandra tables. Every task gets the same configuration; Kafka Connect spreads
 * the topics' partitions over them.
 */
public final class CassandraSinkConnector extends SinkConnector {
    static final String VERSION = versionOf(CassandraSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        new SinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CassandraSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Map<String, String> translated = SinkConfig.translate(connectorConfigs);
        Config base = super.validate(translated);
        Map<String, String> refused = SinkConfig.refusals(connectorConfigs);
        if (!refused.isEmpty()) {
            Map<String, ConfigValue> values = new LinkedHashMap<>();
            base.configValues().forEach(value -> values.put(value.name(), value));
            refused.forEach((key, problem) -> values.computeIfAbsent(key, k -> new ConfigValue(k,
                    connectorConfigs.get(k), List.of(), new ArrayList<>())).addErrorMessage(problem));
            return new Config(List.copyOf(values.values()));
        }
        return new SinkValidator(translated).validate(base);
    }

    static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
