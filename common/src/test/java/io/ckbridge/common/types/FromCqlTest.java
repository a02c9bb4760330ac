package io.ckbridge.common.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class FromCqlTest {

    @Test
    void temporalTypesBecomeConnectLogicalTypes() throws Exception {
        assertThat(FromCql.schema(DataTypes.TIMESTAMP, true).name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(FromCql.schema(DataTypes.DATE, false).name())
                .isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
        assertThat(FromCql.schema(DataTypes.TIME, false).name()).isEqualTo(Time.LOGICAL_NAME);
        Instant at = Instant.parse("2018-01-22T20:28:50.869Z");
        assertThat(FromCql.convert(at, DataTypes.TIMESTAMP, null)).isEqualTo(Date.from(at));
        assertThat(FromCql.convert(LocalDate.of(1970, 1, 2), DataTypes.DATE, null)).isEqualTo(new Date(86_400_000L));
        assertThat(FromCql.convert(LocalTime.of(0, 0, 1), DataTypes.TIME, null)).isEqualTo(new Date(1000L));
    }

    @Test
    void scalarsThatConnectLacksBecomeTextOrDecimals() throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(FromCql.convert(id, DataTypes.UUID, null)).isEqualTo(id.toString());
        assertThat(FromCql.convert(InetAddress.getByName("10.1.2.3"), DataTypes.INET, null)).isEqualTo("10.1.2.3");
        assertThat(FromCql.schema(DataTypes.VARINT, false).name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(FromCql.convert(BigInteger.TEN, DataTypes.VARINT, null)).isEqualTo(BigDecimal.TEN);
        assertThat(FromCql.decimalSchema(3, true).parameters()).containsEntry(Decimal.SCALE_FIELD, "3");
        assertThat(FromCql.convert(new BigDecimal("1.50"), DataTypes.DECIMAL, null)).isEqualTo("1.50");
    }

    @Test
    void collectionsAndUserTypesBecomeArraysMapsAndStructs() {
        Schema list = FromCql.schema(DataTypes.listOf(DataTypes.INT), true);
        assertThat(list.type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(FromCql.convert(Set.of(3), DataTypes.setOf(DataTypes.INT),
                FromCql.schema(DataTypes.setOf(DataTypes.INT), true)))
                .isEqualTo(List.of(3));
        Schema map = FromCql.schema(DataTypes.mapOf(DataTypes.TEXT, DataTypes.TIMEUUID), true);
        UUID t = UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f");
        assertThat(FromCql.convert(Map.of("k", t), DataTypes.mapOf(DataTypes.TEXT, DataTypes.TIMEUUID), map))
                .isEqualTo(Map.of("k", t.toString()));

        UserDefinedType address = new UserDefinedTypeBuilder(CqlIdentifier.fromCql("ks"),
                CqlIdentifier.fromCql("address"))
                .withField(CqlIdentifier.fromCql("street"), DataTypes.TEXT)
                .withField(CqlIdentifier.fromCql("zip"), DataTypes.INT).build();
        Schema schema = FromCql.schema(address, true);
        Struct struct = (Struct) FromCql.convert(address.newValue("Main", 1234), address, schema);
        assertThat(schema.name()).isEqualTo("ks.address");
        assertThat(struct.getString("street")).isEqualTo("Main");
        assertThat(struct.getInt32("zip")).isEqualTo(1234);
    }
}
