package io.ckbridge.sink.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.sink.CassandraSinkConnector;
import io.ckbridge.sink.SinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class DataStaxSinkKeysTest {
    /** The DataStax sink's documented standalone sample, trimmed to what differs between the two sinks. */
    private static Map<String, String> dataStaxConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "stocks-sink");
        props.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        props.put("topics", "stocks_topic");
        props.put("contactPoints", "10.0.0.1,10.0.0.2");
        props.put("port", "9043");
        props.put("loadBalancing.localDc", "dc-east");
        props.put("auth.provider", "PLAIN");
        props.put("auth.username", "writer");
        props.put("auth.password", "s3cret");
        props.put("ssl.provider", "JDK");
        props.put("ssl.hostnameValidation", "false");
        props.put("ssl.truststore.path", "/etc/kafka/truststore.jks");
        props.put("ssl.truststore.password", "trust-pass");
        props.put("compression", "Snappy");
        props.put("queryExecutionTimeout", "45");
        props.put("maxConcurrentRequests", "500");
        props.put("maxNumberOfRecordsInBatch", "32");
        props.put("connectionPoolLocalSize", "4");
        props.put("jmx", "true");
        props.put("ignoreErrors", "None");
        props.put("topic.stocks_topic.stocks_keyspace.stocks_table.mapping", "symbol=value.symbol, ts=value.ts");
        props.put("topic.stocks_topic.stocks_keyspace.stocks_table.consistencyLevel", "LOCAL_QUORUM");
        return props;
    }

    @Test
    void theirConnectionKeysBecomeOursWithTheirUnitsAndTheFirstTablesKeyspace() {
        SinkConfig config = new SinkConfig(dataStaxConfig());

        assertThat(config.connection().contactPoints()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(config.getInt(CassandraConnectionConfig.PORT)).isEqualTo(9043);
        assertThat(config.getString(CassandraConnectionConfig.LOCAL_DATACENTER)).isEqualTo("dc-east");
        assertThat(config.getString(CassandraConnectionConfig.USERNAME)).isEqualTo("writer");
        assertThat(config.getPassword(CassandraConnectionConfig.PASSWORD).value()).isEqualTo("s3cret");
        assertThat(config.getBoolean(CassandraConnectionConfig.SSL_ENABLED)).isTrue();
        assertThat(config.getBoolean(CassandraConnectionConfig.SSL_HOSTNAME_VERIFICATION)).isFalse();
        assertThat(config.getString(CassandraConnectionConfig.SSL_TRUSTSTORE_PATH))
                .isEqualTo("/etc/kafka/truststore.jks");
        assertThat(config.getString(CassandraConnectionConfig.COMPRESSION)).isEqualTo("SNAPPY");
        assertThat(config.executeTimeoutMs()).isEqualTo(45_000);
        assertThat(config.maxConcurrentRequests()).isEqualTo(500);
        assertThat(config.batchMaxRecords()).isEqualTo(32);
        assertThat(config.keyspace()).isEqualTo("stocks_keyspace");
        assertThat(config.timestampFromRecord()).as("the DataStax sink writes at the record's time").isTrue();
    }

    @Test
    void oursWinWhenBothAreGiven() {
        Map<String, String> props = dataStaxConfig();
        props.put(CassandraConnectionConfig.PORT, "9042");
        props.put(CassandraConnectionConfig.KEYSPACE, "offsets_home");
        props.put(SinkConfig.TIMESTAMP_FROM_RECORD, "false");

        SinkConfig config = new SinkConfig(props);

        assertThat(config.getInt(CassandraConnectionConfig.PORT)).isEqualTo(9042);
        assertThat(config.keyspace()).isEqualTo("offsets_home");
        assertThat(config.timestampFromRecord()).isFalse();
    }

    @Test
    void theirPasswordsArePasswordsInValidation() {
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("auth.password").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("ssl.keystore.password").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("ssl.truststore.password").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }

    @Test
    void aKeyWithoutMeaningHereIsAcceptedAndSaysSoInItsDocumentation() {
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("connectionPoolLocalSize").documentation)
                .startsWith("No meaning here");
        assertThat(SinkConfig.CONFIG_DEF.configKeys().get("contactPoints").documentation)
                .contains(CassandraConnectionConfig.CONTACT_POINTS);
    }

    @Test
    void whatCannotBeHonouredIsRefusedOnItsKeyInValidationAndAtStart() {
        Map<String, String> props = dataStaxConfig();
        props.put("auth.provider", "GSSAPI");
        props.put("auth.gssapi.keyTab", "/etc/kafka/sink.keytab");
        props.put("datastax-java-driver.advanced.connection.init-query-timeout", "10 seconds");
        props.put("topic.stocks_topic.codec.timeZone", "Europe/Paris");
        props.put("topic.stocks_topic.codec.locale", "en_US");
        props.put("topic.stocks_topic.stocks_keyspace.stocks_table.query",
                "UPDATE stocks_keyspace.stocks_table SET value = :v WHERE symbol = :s");

        Config validated = new CassandraSinkConnector().validate(props);

        assertThat(error(validated, "auth.provider")).contains("GSSAPI").contains("use PLAIN");
        assertThat(error(validated, "auth.gssapi.keyTab")).contains("Kerberos");
        assertThat(error(validated, "datastax-java-driver.advanced.connection.init-query-timeout"))
                .contains("not passed to the driver");
        assertThat(error(validated, "topic.stocks_topic.codec.timeZone")).contains("Europe/Paris");
        assertThat(error(validated, "topic.stocks_topic.codec.locale")).isEmpty();
        assertThat(error(validated, "topic.stocks_topic.stocks_keyspace.stocks_table.query"))
                .contains("deletesEnabled=false");
        assertThatThrownBy(() -> new SinkConfig(props)).isInstanceOf(ConfigException.class);
    }

    @Test
    void ignoreErrorsTakesTheirValuesAndRefusesOthers() {
        assertThat(DataStaxSinkKeys.skip(Map.of("ignoreErrors", "All"))).isEqualTo(DataStaxSinkKeys.Skip.ALL);
        assertThat(DataStaxSinkKeys.skip(Map.of("ignoreErrors", "driver"))).isEqualTo(DataStaxSinkKeys.Skip.DRIVER);
        assertThat(DataStaxSinkKeys.skip(Map.of("ignoreErrors", "true"))).isEqualTo(DataStaxSinkKeys.Skip.DRIVER);
        assertThat(DataStaxSinkKeys.skip(Map.of())).isEqualTo(DataStaxSinkKeys.Skip.NONE);
        assertThat(DataStaxSinkKeys.refusals(Map.of("ignoreErrors", "sometimes")))
                .containsKey("ignoreErrors");
    }

    private static String error(Config config, String key) {
        return config.configValues().stream().filter(value -> value.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).map(messages -> String.join("; ", messages)).orElse("");
    }
}
