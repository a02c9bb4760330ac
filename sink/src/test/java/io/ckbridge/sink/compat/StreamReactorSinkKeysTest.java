package io.ckbridge.sink.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.kcql.KcqlReader;
import io.ckbridge.sink.CassandraSinkConnector;
import io.ckbridge.sink.SinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class StreamReactorSinkKeysTest {
    /** Stream Reactor's documented sink config, with the KCQL examples of its page. */
    private static Map<String, String> streamReactorConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "cassandra-sink");
        props.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        props.put("topics", "orders,topicB,payments");
        props.put("connect.cassandra.contact.points", "cassandra");
        props.put("connect.cassandra.port", "9042");
        props.put("connect.cassandra.key.space", "demo");
        props.put("connect.cassandra.username", "cassandra");
        props.put("connect.cassandra.password", "cassandra");
        props.put("connect.cassandra.kcql", "INSERT INTO orders SELECT * FROM orders IGNORE internal_note; "
                + "INSERT INTO tableB SELECT x AS a, y, c FROM topicB TTL=100000;"
                + "UPSERT INTO demo.payments SELECT _key.id AS id, amount.total AS total, payer.name FROM payments");
        return props;
    }

    @Test
    void eachStatementBecomesTheTablesKeysAndTheConnectionKeysOurs() {
        Map<String, String> translated = SinkConfig.translate(streamReactorConfig());

        assertThat(translated).containsEntry(CassandraConnectionConfig.CONTACT_POINTS, "cassandra")
                .containsEntry(CassandraConnectionConfig.KEYSPACE, "demo")
                .containsEntry(CassandraConnectionConfig.USERNAME, "cassandra")
                .containsEntry("topic.orders.demo.orders.ignore", "internal_note")
                .containsEntry("topic.orders.demo.orders.deletesEnabled", "false")
                .containsEntry("topic.orders.demo.orders.nullToUnset", "false")
                .containsEntry("topic.topicB.demo.tableb.mapping", "a=value.x, y=value.y, c=value.c")
                .containsEntry("topic.topicB.demo.tableb.ttl", "100000")
                .containsEntry("topic.payments.demo.payments.mapping",
                        "id=key.id, total=value.amount.total, name=value.payer.name")
                .doesNotContainKey("topic.orders.demo.orders.mapping");
        SinkConfig config = new SinkConfig(streamReactorConfig());
        assertThat(config.keyspace()).isEqualTo("demo");
        assertThat(config.getPassword(CassandraConnectionConfig.PASSWORD).value()).isEqualTo("cassandra");
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("connect.cassandra.password").type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void deletesAndUnsetFollowTheirKeys() {
        Map<String, String> props = streamReactorConfig();
        props.put("connect.cassandra.delete.enabled", "true");
        props.put("connect.cassandra.delete.statement", "DELETE FROM orders WHERE id = ? and product = ?");
        props.put("connect.cassandra.delete.struct_flds", "id,product");
        props.put("connect.cassandra.default.value", "UNSET");

        assertThat(SinkConfig.translate(props)).containsEntry("topic.orders.demo.orders.deletesEnabled", "true")
                .containsEntry("topic.orders.demo.orders.nullToUnset", "true");
        assertThat(SinkConfig.refusals(props)).isEmpty();

        props.put("connect.cassandra.delete.statement", "DELETE FROM orders WHERE id = ? AND created < ?");
        assertThat(SinkConfig.refusals(props)).containsKey("connect.cassandra.delete.statement");
    }

    @Test
    void badKcqlIsRefusedAtValidationWithTheTokenAndItsPosition() {
        Map<String, String> props = streamReactorConfig();
        props.put("connect.cassandra.kcql", "INSERT INTO orders SELECT id, FROM orders");

        Config validated = new CassandraSinkConnector().validate(props);

        assertThat(error(validated, "connect.cassandra.kcql")).contains("found 'FROM'").contains("at character 31");
        assertThatThrownBy(() -> new SinkConfig(props)).hasMessageContaining("at character 31");
    }

    @Test
    void theParserTakesTheirGrammarAndNamesWhatItDoesNot() {
        List<SinkKcql> statements = SinkKcql.parse("insert into t select a.b.c, `ttl` as d from top-ic ignore a.b.c "
                + "ttl=5;");

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.fields()).extracting(SinkKcql.Field::column).containsExactly("c", "d");
            assertThat(statement.topic()).isEqualTo("top-ic");
            assertThat(statement.ignored()).containsExactly("a.b.c");
            assertThat(statement.ttlSeconds()).contains(5);
        });
        assertThat(SinkKcql.parse("INSERT INTO t SELECT _key AS id, _value.n FROM x").get(0).fields())
                .extracting(SinkKcql.Field::mappingPath).containsExactly("key", "value.n");
        assertThatThrownBy(() -> SinkKcql.parse("INSERT INTO t SELECT * FROM x WITHSTRUCTURE"))
                .isInstanceOf(KcqlReader.KcqlException.class).hasMessageContaining("found 'WITHSTRUCTURE'")
                .hasMessageContaining("at character 31");
        assertThatThrownBy(() -> SinkKcql.parse("INSERT INTO t SELECT * FROM x TTL=soon"))
                .hasMessageContaining("TTL must be a whole number");
        assertThatThrownBy(() -> SinkKcql.parse("INSERT INTO t SELECT a FROM")).hasMessageContaining("the KCQL ends");
    }

    @Test
    void errorPolicyNoopSkipsBadRecords() {
        assertThat(StreamReactorSinkKeys.skip(Map.of("connect.cassandra.error.policy", "NOOP")))
                .isEqualTo(DataStaxSinkKeys.Skip.ALL);
        assertThat(StreamReactorSinkKeys.skip(Map.of("connect.cassandra.ignore.errors.mode", "driver")))
                .isEqualTo(DataStaxSinkKeys.Skip.DRIVER);
        assertThat(StreamReactorSinkKeys.skip(Map.of())).isEqualTo(DataStaxSinkKeys.Skip.NONE);
    }

    private static String error(Config config, String key) {
        return config.configValues().stream().filter(value -> value.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).map(messages -> String.join("; ", messages)).orElse("");
    }
}
