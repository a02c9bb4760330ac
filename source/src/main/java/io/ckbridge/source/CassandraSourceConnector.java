package io.ckbridge.source;

import io.ckbridge.source.read.TokenSplit;
import io.ckbridge.source.route.Routes;
import io.ckbridge.source.route.TableRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Cassandra tables → Kafka topics by polling. Incremental tables are spread over the tasks, one
 * task per table; bulk tables are cut into token-range slices spread over all tasks.
 */
public final class CassandraSourceConnector extends SourceConnector {
    static final String VERSION = versionOf(CassandraSourceConnector.class);
    /** Task config: what the task reads, e.g. "0;2@-9223372036854775808:0,0:9223372036854775807". */
    static final String TASK_ASSIGNMENT = "task.assignment";

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        Routes.of(new SourceConfig(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CassandraSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        SourceConfig config = new SourceConfig(props);
        List<TableRoute> routes = Routes.of(config);
        List<List<String>> work = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            work.add(new ArrayList<>());
        }
        int next = 0;
        List<TokenSplit> splits = TokenSplit.ring(config.bulkSplits(maxTasks));
        for (int route = 0; route < routes.size(); route++) {
            if (routes.get(route).mode().incremental()) {
                work.get(next++ % maxTasks).add(Integer.toString(route));
            } else {
                List<List<String>> perTask = new ArrayList<>();
                for (int i = 0; i < maxTasks; i++) {
                    perTask.add(new ArrayList<>());
                }
                for (int s = 0; s < splits.size(); s++) {
                    perTask.get(s % maxTasks).add(splits.get(s).toString());
                }
                for (int i = 0; i < maxTasks; i++) {
                    work.get(i).add(route + "@" + String.join(",", perTask.get(i)));
                }
            }
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> assignment : work) {
            if (!assignment.isEmpty()) {
                Map<String, String> task = new HashMap<>(props);
                task.put(TASK_ASSIGNMENT, String.join(";", assignment));
                configs.add(task);
            }
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new SourceValidator(connectorConfigs).validate();
    }

    static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
