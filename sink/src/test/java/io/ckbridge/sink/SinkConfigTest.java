package io.ckbridge.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("cassandra.keyspace", "shop");
        return props;
    }

    @Test
    void defaultsAreAtLeastOnceInsertsAtLocalQuorum() {
        SinkConfig config = new SinkConfig(minimal());

        assertThat(config.offsetStorageTable()).isEmpty();
        assertThat(config.writeMode()).isEqualTo(SinkConfig.WriteMode.INSERT);
        assertThat(config.connection().consistencyLevel().name()).isEqualTo("LOCAL_QUORUM");
        assertThat(config.deletesEnabled()).isTrue();
        assertThat(config.ttlSeconds()).isEmpty();
    }

    @Test
    void anOffsetTableTurnsOnExactlyOnceUnlessDisabled() {
        Map<String, String> props = minimal();
        props.put("cassandra.offset.storage.table", "sink_offsets");
        assertThat(new SinkConfig(props).offsetStorageTable()).contains("sink_offsets");

        props.put("cassandra.offset.storage.table.enable", "false");
        assertThat(new SinkConfig(props).offsetStorageTable()).isEmpty();
    }

    @Test
    void validationReportsEachBadKey() {
        Map<String, String> props = minimal();
        props.put("cassandra.consistency.level", "QUORUMISH");
        props.put("cassandra.write.mode", "Upsert");
        props.put("cassandra.ttl", "-5");

        List<ConfigValue> values = SinkConfig.CONFIG_DEF.validate(props);

        assertThat(values).filteredOn(value -> !value.errorMessages().isEmpty()).extracting(ConfigValue::name)
                .containsExactlyInAnyOrder("cassandra.consistency.level", "cassandra.write.mode", "cassandra.ttl");
    }

    @Test
    void thePasswordIsASecret() {
        Map<String, String> props = minimal();
        props.put("cassandra.password", "s3cret");

        SinkConfig config = new SinkConfig(props);

        assertThat(config.connection().password().toString()).doesNotContain("s3cret");
        assertThat(config.connection().toString()).doesNotContain("s3cret");
        assertThat(config.connection().password().value()).isEqualTo("s3cret");
    }

    @Test
    void errorToleranceComesFromConnectsOwnSetting() {
        assertThat(SinkConfig.toleratesErrors(Map.of("errors.tolerance", "all"))).isTrue();
        assertThat(SinkConfig.toleratesErrors(Map.of())).isFalse();
    }
}
