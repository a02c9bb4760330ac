package io.ckbridge.source;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.source.read.ResolvedRoute;
import io.ckbridge.source.route.Routes;
import io.ckbridge.source.route.TableRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The checks of {@code PUT /connector-plugins/.../config/validate}: the configuration (with
 * Stream Reactor's keys understood), the KCQL, and against the cluster the tables, columns and
 * incremental column types. Each problem is reported on the key that causes it.
 */
final class SourceValidator {
    private final Map<String, String> props;

    SourceValidator(Map<String, String> props) {
        this.props = props;
    }

    Config validate() {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        SourceConfig.CONFIG_DEF.validate(SourceConfig.translate(props))
                .forEach(value -> values.put(value.name(), value));
        if (hasErrors(values)) {
            return new Config(List.copyOf(values.values()));
        }
        SourceConfig config;
        List<TableRoute> routes;
        try {
            config = new SourceConfig(props);
            routes = Routes.of(config);
        } catch (ConfigException e) {
            error(values, e.getMessage().contains(SourceConfig.SR_KCQL) ? SourceConfig.SR_KCQL : keyOf(e),
                    e.getMessage());
            return new Config(List.copyOf(values.values()));
        } catch (IllegalArgumentException e) {
            error(values, SourceConfig.SR_KCQL, e.getMessage());
            return new Config(List.copyOf(values.values()));
        }
        try (CqlSession session = SessionFactory.open(config.connection(), "source-validate", SessionTuning.NONE)) {
            if (session.getMetadata().getKeyspace(CqlIdentifier.fromCql(config.keyspace())).isEmpty()) {
                error(values, CassandraConnectionConfig.KEYSPACE, "keyspace " + config.keyspace() + " does not exist");
            } else {
                for (TableRoute route : routes) {
                    check(session, route, values);
                }
            }
        } catch (CassandraConnectionException e) {
            // a refused login belongs to the user name, a failed handshake to the TLS stores
            error(values, e.reason() == CassandraConnectionException.Reason.LOGIN_REFUSED
                    ? CassandraConnectionConfig.USERNAME : CassandraConnectionConfig.SSL_TRUSTSTORE_PATH,
                    e.getMessage());
        } catch (AllNodesFailedException e) {
            error(values, CassandraConnectionConfig.CONTACT_POINTS, "cannot reach Cassandra at "
                    + config.connection().describe());
        } catch (RuntimeException e) {
            error(values, CassandraConnectionConfig.CONTACT_POINTS, "cannot connect to Cassandra at "
                    + config.connection().describe()
                    + ": " + e.getMessage());
        }
        return new Config(List.copyOf(values.values()));
    }

    private void check(CqlSession session, TableRoute route, Map<String, ConfigValue> values) {
        Optional<TableMetadata> table = session.getMetadata().getKeyspace(CqlIdentifier.fromCql(route.keyspace()))
                .flatMap(ks -> ks.getTable(CqlIdentifier.fromCql(route.table())));
        if (table.isEmpty()) {
            error(values, route.origin(), "table " + route.qualifiedName() + " does not exist");
            return;
        }
        try {
            ResolvedRoute.resolve(route, table.get());
        } catch (ResolvedRoute.RouteException e) {
            error(values, e.key() == null ? route.origin() : e.key(), e.getMessage());
        }
    }

    private static String keyOf(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        for (String key : List.of(SourceConfig.TABLES, SourceConfig.INCREMENTAL_COLUMN, SourceConfig.INITIAL_OFFSET)) {
            if (message.contains(key)) {
                return key;
            }
        }
        return SourceConfig.SR_KCQL;
    }

    private static boolean hasErrors(Map<String, ConfigValue> values) {
        return values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty());
    }

    private void error(Map<String, ConfigValue> values, String key, String message) {
        ConfigValue value = values.computeIfAbsent(key, name ->
                new ConfigValue(name, props.get(name), List.of(), new ArrayList<>()));
        value.addErrorMessage(message);
    }
}
