package io.ckbridge.sink;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.sink.mapping.MappingParser;
import io.ckbridge.sink.mapping.TableMapping;
import io.ckbridge.sink.mapping.TopicTableSettings;
import io.ckbridge.sink.schema.SchemaManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The checks behind {@code PUT /connector-plugins/.../config/validate} that need Cassandra:
 * reachable with these credentials, keyspace and tables present, mappings naming real columns.
 * Each problem is reported on the key that causes it, so it shows next to that key.
 */
final class SinkValidator {
    private final Map<String, String> props;

    SinkValidator(Map<String, String> props) {
        this.props = props;
    }

    Config validate(Config base) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        base.configValues().forEach(value -> values.put(value.name(), value));
        if (values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return base; // fix the basic errors first: the checks below need a sound configuration
        }
        SinkConfig config = new SinkConfig(props);
        List<String> topics = Arrays.stream(props.getOrDefault("topics", "").split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).toList();
        List<TopicTableSettings> targets;
        try {
            targets = TopicTableSettings.all(config, props, topics);
        } catch (TopicTableSettings.InvalidSettingException e) {
            error(values, e.key(), e.getMessage());
            return new Config(List.copyOf(values.values()));
        }
        for (TopicTableSettings target : targets) {
            target.mapping().ifPresent(mapping -> {
                try {
                    MappingParser.parse(mapping);
                } catch (MappingParser.MappingSyntaxException e) {
                    error(values, target.key("mapping"), e.getMessage());
                }
            });
        }
        if (values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return new Config(List.copyOf(values.values()));
        }
        try (CqlSession session = SessionFactory.open(config.connection(), "sink-validate",
                driver -> driver.withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT,
                Duration.ofSeconds(10)))) {
            checkSchema(session, config, targets, values);
        } catch (CassandraConnectionException e) {
            // a refused login belongs to the user name, a failed handshake to the TLS stores
            error(values, e.reason() == CassandraConnectionException.Reason.LOGIN_REFUSED
                    ? CassandraConnectionConfig.USERNAME : CassandraConnectionConfig.SSL_TRUSTSTORE_PATH,
                    e.getMessage());
        } catch (AllNodesFailedException e) {
            error(values, CassandraConnectionConfig.CONTACT_POINTS, "cannot reach Cassandra at "
                    + config.connection().describe()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            error(values, CassandraConnectionConfig.CONTACT_POINTS, "cannot connect to Cassandra at "
                    + config.connection().describe()
                    + ": " + e.getMessage());
        }
        return new Config(List.copyOf(values.values()));
    }

    /** The target's own statement, prepared; Cassandra's refusal is said on its key. */
    private static com.datastax.oss.driver.api.core.cql.PreparedStatement prepare(SchemaManager schema,
            TopicTableSettings target) {
        try {
            return schema.prepare(target.query().orElseThrow());
        } catch (com.datastax.oss.driver.api.core.servererrors.QueryValidationException e) {
            throw new TableMapping.InvalidMappingException(target.key("query"), "is refused by Cassandra: "
                    + e.getMessage());
        }
    }

    private void checkSchema(CqlSession session, SinkConfig config, List<TopicTableSettings> targets, Map<String,
            ConfigValue> values) {
        SchemaManager schema = new SchemaManager(session, config.tableManageEnabled());
        boolean keyspaceExists = session.getMetadata()
                .getKeyspace(com.datastax.oss.driver.api.core.CqlIdentifier.fromCql(config.keyspace())).isPresent();
        if (!keyspaceExists && !config.keyspaceCreateEnabled()) {
            error(values, CassandraConnectionConfig.KEYSPACE, "keyspace " + config.keyspace()
                    + " does not exist: create it, or set cassandra.keyspace.create.enabled=true");
        }
        for (TopicTableSettings target : targets) {
            String key = target.mapping().isPresent() ? target.key("mapping") : "topics";
            Optional<TableMetadata> table = schema.table(target.keyspace(), target.table());
            if (table.isEmpty()) {
                if (!config.tableManageEnabled()) {
                    error(values, key, "table " + target.keyspace() + "." + target.table() + " (for topic "
                            + target.topic()
                            + ") does not exist: create it, map the topic to another table, or set "
                                    + "cassandra.table.manage.enabled=true");
                }
                continue;
            }
            try {
                if (target.query().isPresent()) {
                    TableMapping.forQuery(target, table.get(), prepare(schema, target));
                } else {
                    TableMapping.resolve(target, table.get(), config.writeMode(), config.collectionUpdate());
                }
            } catch (TableMapping.InvalidMappingException e) {
                error(values, e.key(), e.getMessage());
            }
        }
    }

    private void error(Map<String, ConfigValue> values, String key, String message) {
        // keys outside our ConfigDef: topic.* ones are plain strings, Connect's 'topics' is a list
        ConfigValue value = values.computeIfAbsent(key, name -> new ConfigValue(name,
                "topics".equals(name) ? List.of(props.getOrDefault(name, "").split("\\s*,\\s*")) : props.get(name),
                List.of(), new java.util.ArrayList<>()));
        value.addErrorMessage(message);
    }
}
