package io.ckbridge.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.source.route.Routes;
import io.ckbridge.source.route.TableRoute;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

    private static Map<String, String> streamReactor() {
        Map<String, String> props = new HashMap<>();
        props.put("connect.cassandra.contact.points", "cass1,cass2");
        props.put("connect.cassandra.port", "9043");
        props.put("connect.cassandra.username", "reader");
        props.put("connect.cassandra.password", "secret");
        props.put("connect.cassandra.key.space", "blog");
        props.put("connect.cassandra.consistency.level", "LOCAL_ONE");
        props.put("connect.cassandra.import.mode", "incremental");
        props.put("connect.cassandra.initial.offset", "2018-01-22 00:00:00.0000000Z");
        props.put("connect.cassandra.import.poll.interval", "5000");
        props.put("connect.cassandra.kcql",
                "INSERT INTO test_topic SELECT event_data, event_ts FROM pack_events IGNORE event_ts PK event_ts "
                + "WITHUNWRAP");
        return props;
    }

    @Test
    void streamReactorKeysWorkUnchanged() {
        SourceConfig config = new SourceConfig(streamReactor());

        assertThat(config.connection().contactPoints()).containsExactly("cass1", "cass2");
        assertThat(config.connection().port()).isEqualTo(9043);
        assertThat(config.connection().username()).isEqualTo("reader");
        assertThat(config.connection().password().value()).isEqualTo("secret");
        assertThat(config.keyspace()).isEqualTo("blog");
        assertThat(config.connection().consistencyLevel().name()).isEqualTo("LOCAL_ONE");
        assertThat(config.pollIntervalMs()).isEqualTo(5000);
        assertThat(config.initialOffset()).isEqualTo(Instant.parse("2018-01-22T00:00:00Z"));

        List<TableRoute> routes = Routes.of(config);
        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.topic()).isEqualTo("test_topic");
            assertThat(route.table()).isEqualTo("pack_events");
            assertThat(route.incrementalColumn()).contains("event_ts");
            assertThat(route.mode()).isEqualTo(TableRoute.ReadMode.TIMESTAMP);
            assertThat(route.unwrap()).isTrue();
        });
    }

    @Test
    void ourKeysWinOverStreamReactorsAndNumbersMayBeWrittenEitherWay() {
        Map<String, String> props = streamReactor();
        props.put("cassandra.port", "9042");
        props.put("connect.cassandra.import.poll.interval", "250");

        SourceConfig config = new SourceConfig(props);

        assertThat(config.connection().port()).isEqualTo(9042);
        assertThat(config.pollIntervalMs()).isEqualTo(250);
    }

    @Test
    void initialOffsetsInEveryAcceptedForm() {
        Map<String, String> props = streamReactor();
        props.put("connect.cassandra.initial.offset", "1516652930869");
        assertThat(new SourceConfig(props).initialOffset()).isEqualTo(Instant.parse("2018-01-22T20:28:50.869Z"));
        props.put("connect.cassandra.initial.offset", "2018-01-22T21:28:50.869+01:00");
        assertThat(new SourceConfig(props).initialOffset()).isEqualTo(Instant.parse("2018-01-22T20:28:50.869Z"));
        props.put("connect.cassandra.initial.offset", "yesterday");
        assertThatThrownBy(() -> new SourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("initial.offset");
    }

    @Test
    void nativeKeysDefineOneRoutePerTable() {
        Map<String, String> props = new HashMap<>();
        props.put("cassandra.keyspace", "shop");
        props.put("cassandra.source.tables", "orders, payments");
        props.put("cassandra.source.mode", "bulk");
        props.put("cassandra.source.topic.format", "cdc-${keyspace}-${table}");

        List<TableRoute> routes = Routes.of(new SourceConfig(props));

        assertThat(routes).extracting(TableRoute::topic).containsExactly("cdc-shop-orders", "cdc-shop-payments");
        assertThat(routes).allMatch(route -> route.mode() == TableRoute.ReadMode.BULK);
    }

    @Test
    void incrementalKcqlWithoutPkIsRejected() {
        Map<String, String> props = streamReactor();
        props.put("connect.cassandra.kcql", "INSERT INTO t SELECT * FROM pack_events");

        assertThatThrownBy(() -> Routes.of(new SourceConfig(props)))
                .hasMessageContaining("add PK <timestamp or timeuuid column>");
    }

    @Test
    void incrementalPollsAreBoundedByDefault() {
        SourceConfig defaults = new SourceConfig(streamReactor());
        assertThat(defaults.timeSliceMs()).isEqualTo(86_400_000L);
        assertThat(defaults.maxRowsPerPoll()).isEqualTo(10_000);
        assertThat(defaults.maxBoundaryKeys()).isEqualTo(100);

        Map<String, String> props = streamReactor();
        props.put("connect.cassandra.time.slice.ms", "10000");
        props.put("cassandra.source.max.boundary.keys", "0");
        SourceConfig config = new SourceConfig(props);
        assertThat(config.timeSliceMs()).isEqualTo(10_000L);
        assertThat(config.maxBoundaryKeys()).isZero();

        props.put("cassandra.source.max.boundary.keys", "-1");
        assertThatThrownBy(() -> new SourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.boundary.keys");
    }

    @Test
    void passwordsAreSecretsInBothNamings() {
        assertThat(SourceConfig.CONFIG_DEF.configKeys().get("connect.cassandra.password").type.name())
                .isEqualTo("PASSWORD");
        assertThat(SourceConfig.CONFIG_DEF.configKeys().get("cassandra.password").type.name()).isEqualTo("PASSWORD");
    }
}
