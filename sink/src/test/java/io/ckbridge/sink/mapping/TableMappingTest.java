package io.ckbridge.sink.mapping;

import static io.ckbridge.sink.mapping.TestTables.mapping;
import static io.ckbridge.sink.mapping.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import org.junit.jupiter.api.Test;

class TableMappingTest {
    private static final TableMetadata T = table("ks", "t").partitionKey("id", DataTypes.INT)
            .clustering("ck", DataTypes.INT)
            .column("v", DataTypes.TEXT).build();

    @Test
    void aMappingNamingAMissingColumnIsRejectedWithTheTablesColumns() {
        assertThatThrownBy(() -> mapping(T, "id=key.id, ck=value.ck, nope=value.x"))
                .isInstanceOf(TableMapping.InvalidMappingException.class)
                .hasMessageContaining(
                        "topic.t.ks.t.mapping names column nope, which ks.t does not have (its columns: id, ck, v)");
    }

    @Test
    void everyPrimaryKeyColumnMustBeMapped() {
        assertThatThrownBy(() -> mapping(T, "id=key.id, v=value.v"))
                .isInstanceOf(TableMapping.InvalidMappingException.class)
                .hasMessageContaining("does not map primary key column ck");
    }

    @Test
    void counterTablesAreUpdatedAndTakeNoTtl() {
        TableMetadata counters = table("ks", "c").partitionKey("id", DataTypes.INT).column("n", DataTypes.COUNTER)
                .build();

        assertThat(mapping(counters, null).mode()).isEqualTo(io.ckbridge.sink.SinkConfig.WriteMode.UPDATE);
        assertThat(mapping(counters, null).isIdempotent()).isFalse();
        assertThatThrownBy(() -> mapping(counters, "id=key, n=value.n, __ttl=value.ttl"))
                .hasMessageContaining("counter columns, which take neither a TTL nor a write time");
    }
}
