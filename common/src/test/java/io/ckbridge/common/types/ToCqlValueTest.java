package io.ckbridge.common.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ToCqlValueTest {

    @Test
    void numbersFromNumbersAndTextWithRangeChecks() {
        assertThat(ToCqlValue.convert(7, DataTypes.BIGINT)).isEqualTo(7L);
        assertThat(ToCqlValue.convert("42", DataTypes.INT)).isEqualTo(42);
        assertThat(ToCqlValue.convert(12.0, DataTypes.SMALLINT)).isEqualTo((short) 12);
        assertThat(ToCqlValue.convert(new BigDecimal("99999999999999999999"), DataTypes.VARINT))
                .isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(ToCqlValue.convert(0.1, DataTypes.DECIMAL)).isEqualTo(new BigDecimal("0.1"));
        assertThat(ToCqlValue.convert("1.5", DataTypes.FLOAT)).isEqualTo(1.5f);
        assertThat(ToCqlValue.convert(3, DataTypes.DOUBLE)).isEqualTo(3.0);
        assertThatThrownBy(() -> ToCqlValue.convert(128, DataTypes.TINYINT))
                .hasMessageContaining("out of range for tinyint");
        assertThatThrownBy(() -> ToCqlValue.convert(1.5, DataTypes.INT)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> ToCqlValue.convert("abc", DataTypes.BIGINT))
                .hasMessageContaining("expected bigint but got String \"abc\"");
    }

    /** Expanding "1e100000000" took three minutes: the timeout only keeps a regression from hanging the build. */
    private static final Duration NOT_EXPANDED = Duration.ofSeconds(10);

    @Test
    void hugeExponentsAreOutOfRangeForIntegerTypesAtOnce() {
        assertTimeoutPreemptively(NOT_EXPANDED, () -> {
            assertThatThrownBy(() -> ToCqlValue.convert("1e600000000", DataTypes.INT))
                    .isInstanceOf(ValueConversionException.class)
                    .hasMessage("value String \"1e600000000\" is out of range for int"
                            + " (-2147483648 to 2147483647): it has 600000001 digits before the point");
            for (DataType type : List.<DataType>of(DataTypes.TINYINT, DataTypes.SMALLINT, DataTypes.BIGINT,
                    DataTypes.COUNTER, DataTypes.TIMESTAMP, DataTypes.DATE, DataTypes.TIME)) {
                assertThatThrownBy(() -> ToCqlValue.convert(new BigDecimal("-1e100000000"), type))
                        .as("%s from a parsed JSON number", type)
                        .hasMessageContaining("out of range for " + type.asCql(false, true));
            }
            assertThatThrownBy(() -> ToCqlValue.convert("1e100000000", DataTypes.INT))
                    .hasMessageContaining("100000001 digits before the point");
            assertThatThrownBy(() -> ToCqlValue.convert("1e-600000000", DataTypes.BIGINT))
                    .hasMessageContaining("expected bigint").hasMessageContaining("600000000 digits after the point");
            assertThatThrownBy(() -> ToCqlValue.convert("1e-5", DataTypes.INT)).hasMessageContaining("not a whole");
        });
        assertThat(ToCqlValue.convert("0e600000000", DataTypes.INT)).isEqualTo(0);
        assertThat(ToCqlValue.convert("1.5e1", DataTypes.INT)).isEqualTo(15);
        assertThat(ToCqlValue.convert("9.223372036854775807e18", DataTypes.BIGINT)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ToCqlValue.convert("9.223372036854775808e18", DataTypes.BIGINT))
                .hasMessageContaining("out of range for bigint");
    }

    @Test
    void varintsAndDecimalsHaveAtMostTenThousandDigitsEachSideOfThePoint() {
        assertTimeoutPreemptively(NOT_EXPANDED, () -> {
            assertThatThrownBy(() -> ToCqlValue.convert("1e600000000", DataTypes.VARINT))
                    .hasMessageContaining("expected varint but got String \"1e600000000\"")
                    .hasMessageContaining("600000001 digits before the point; at most 10000 are accepted");
            assertThatThrownBy(() -> ToCqlValue.convert(new BigDecimal("1e100000000"), DataTypes.VARINT))
                    .hasMessageContaining("100000001 digits before the point");
            assertThatThrownBy(() -> ToCqlValue.convert("1e600000000", DataTypes.DECIMAL))
                    .hasMessageContaining("expected decimal").hasMessageContaining("digits before the point");
            assertThatThrownBy(() -> ToCqlValue.convert(new BigDecimal("1e-600000000"), DataTypes.DECIMAL))
                    .hasMessageContaining("600000000 digits after the point");
            assertThatThrownBy(() -> ToCqlValue.convert("1e10000", DataTypes.VARINT))
                    .hasMessageContaining("10001 digits before the point");
        });
        assertThat(ToCqlValue.convert("1e9999", DataTypes.VARINT)).isEqualTo(BigInteger.TEN.pow(9999));
        assertThat(ToCqlValue.convert("1.5e-9999", DataTypes.DECIMAL)).isEqualTo(new BigDecimal("1.5e-9999"));
        assertThatThrownBy(() -> ToCqlValue.convert("1.5", DataTypes.VARINT)).hasMessageContaining("not a whole");
    }

    @Test
    void aLongValueIsCutInMessages() {
        String digits = "1234567890".repeat(10) + "e600000000";

        assertThatThrownBy(() -> ToCqlValue.convert(digits, DataTypes.INT))
                .hasMessageContaining("\"1234567890123456789012345678901234567...\"")
                .hasMessageNotContaining(digits);
    }

    @Test
    void booleansAndText() {
        assertThat(ToCqlValue.convert("TRUE", DataTypes.BOOLEAN)).isEqualTo(true);
        assertThat(ToCqlValue.convert(0, DataTypes.BOOLEAN)).isEqualTo(false);
        assertThat(ToCqlValue.convert(12, DataTypes.TEXT)).isEqualTo("12");
        assertThat(ToCqlValue.convert(Map.of("a", 1), DataTypes.TEXT)).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> ToCqlValue.convert("yes", DataTypes.BOOLEAN)).hasMessageContaining("expected boolean");
    }

    @Test
    void temporalValuesFromLogicalTypesEpochNumbersAndIsoText() {
        Instant instant = Instant.parse("2018-01-22T20:28:50.869Z");
        assertThat(ToCqlValue.convert(Date.from(instant), DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert(instant.toEpochMilli(), DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("2018-01-22T20:28:50.869Z", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("2018-01-22T21:28:50.869+01:00", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("2018-01-22 20:28:50.869", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("2018-01-22 20:28:50.869+0000", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("2018-01-22 18:28:50.869-0200", DataTypes.TIMESTAMP)).isEqualTo(instant);
        // CQL's JSON form
        assertThat(ToCqlValue.convert("2018-01-22 20:28:50.869Z", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert(" 1516652930869 ", DataTypes.TIMESTAMP)).isEqualTo(instant);
        assertThat(ToCqlValue.convert("1969-12-31 23:59:59.999Z", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.ofEpochMilli(-1));
        assertThat(ToCqlValue.convert("2024-02-29T23:59:59.000Z", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThatThrownBy(() -> ToCqlValue.convert("2023-02-29 10:00:00.000Z", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ToCqlValue.convert("2023-01-01 24:00:00.000Z", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ToCqlValue.convert("2023-01-01 1x:00:00.000Z", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
        assertThat(ToCqlValue.convert("-1000", DataTypes.TIMESTAMP)).isEqualTo(Instant.ofEpochMilli(-1000));
        assertThat(ToCqlValue.convert("2018-01-22T20:28", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2018-01-22T20:28:00Z"));
        assertThat(ToCqlValue.convert(17_553, DataTypes.DATE)).isEqualTo(LocalDate.of(2018, 1, 22));
        assertThat(ToCqlValue.convert("2018-01-22", DataTypes.DATE)).isEqualTo(LocalDate.of(2018, 1, 22));
        assertThat(ToCqlValue.convert(new Date(17_553L * 86_400_000L), DataTypes.DATE))
                .isEqualTo(LocalDate.of(2018, 1, 22));
        assertThat(ToCqlValue.convert(3_600_000, DataTypes.TIME)).isEqualTo(LocalTime.of(1, 0));
        assertThat(ToCqlValue.convert("12:34:56.789", DataTypes.TIME)).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
        assertThatThrownBy(() -> ToCqlValue.convert("last tuesday", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ToCqlValue.convert("2018-01-22", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ToCqlValue.convert("2018-01-22 20:28:50+25:00", DataTypes.TIMESTAMP))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void uuidsBlobsAddressesAndDurations() {
        UUID random = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
        UUID timeBased = UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f");
        assertThat(ToCqlValue.convert(random.toString(), DataTypes.UUID)).isEqualTo(random);
        assertThat(ToCqlValue.convert(timeBased.toString(), DataTypes.TIMEUUID)).isEqualTo(timeBased);
        assertThatThrownBy(() -> ToCqlValue.convert(random.toString(), DataTypes.TIMEUUID))
                .hasMessageContaining("version 4 UUID");
        assertThat(ToCqlValue.convert("AQID", DataTypes.BLOB)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(ToCqlValue.convert("0x0a0b", DataTypes.BLOB)).isEqualTo(ByteBuffer.wrap(new byte[] {10, 11}));
        assertThat(ToCqlValue.convert(new byte[] {4}, DataTypes.BLOB)).isEqualTo(ByteBuffer.wrap(new byte[] {4}));
        assertThat(ToCqlValue.convert("10.0.0.1", DataTypes.INET)).isEqualTo(address("10.0.0.1"));
        assertThat(ToCqlValue.convert("::1", DataTypes.INET)).isEqualTo(address("::1"));
        assertThatThrownBy(() -> ToCqlValue.convert("example.com", DataTypes.INET))
                .hasMessageContaining("address literal");
        assertThat(ToCqlValue.convert("1h30m", DataTypes.DURATION)).isEqualTo(CqlDuration.from("1h30m"));
    }

    @Test
    void collectionsConvertTheirElements() {
        assertThat(ToCqlValue.convert(List.of("1", 2), DataTypes.listOf(DataTypes.INT))).isEqualTo(List.of(1, 2));
        assertThat(ToCqlValue.convert(List.of("a", "a", "b"), DataTypes.setOf(DataTypes.TEXT)))
                .isEqualTo(Set.of("a", "b"));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", "1.5");
        assertThat(ToCqlValue.convert(map, DataTypes.mapOf(DataTypes.TEXT, DataTypes.DOUBLE)))
                .isEqualTo(Map.of("x", 1.5));
        assertThat(ToCqlValue.convert(List.of(List.of(1)), DataTypes.listOf(DataTypes.frozenListOf(DataTypes.BIGINT))))
                .isEqualTo(List.of(List.of(1L)));
        assertThatThrownBy(() -> ToCqlValue.convert(java.util.Arrays.asList("a", null),
                DataTypes.listOf(DataTypes.TEXT)))
                .hasMessageContaining("cannot hold null");
    }

    @Test
    void tuplesFromListsOrStructsAndUserTypesFromStructsOrMaps() {
        TupleValue tuple = (TupleValue) ToCqlValue.convert(List.of("7", "x"),
                DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT));
        assertThat(tuple.getInt(0)).isEqualTo(7);
        assertThat(tuple.getString(1)).isEqualTo("x");

        UserDefinedType address = new UserDefinedTypeBuilder(CqlIdentifier.fromCql("ks"),
                CqlIdentifier.fromCql("address"))
                .withField(CqlIdentifier.fromCql("street"), DataTypes.TEXT)
                .withField(CqlIdentifier.fromCql("zip"), DataTypes.INT).build();
        Schema schema = SchemaBuilder.struct().field("street", Schema.STRING_SCHEMA).field("zip", Schema.STRING_SCHEMA)
                .build();
        UdtValue fromStruct = (UdtValue) ToCqlValue.convert(new Struct(schema).put("street", "Main").put("zip", "1234"),
                address);
        UdtValue fromMap = (UdtValue) ToCqlValue.convert(Map.of("street", "Side", "zip", 99), address);

        assertThat(fromStruct.getString("street")).isEqualTo("Main");
        assertThat(fromStruct.getInt("zip")).isEqualTo(1234);
        assertThat(fromMap.getString("street")).isEqualTo("Side");
        assertThatThrownBy(() -> ToCqlValue.convert(Map.of("city", "x"), address))
                .hasMessageContaining("field 'city' is not in the type address");
    }

    @Test
    void vectorsFromLists() {
        Object vector = ToCqlValue.convert(List.of(1, 2.5), DataTypes.vectorOf(DataTypes.FLOAT, 2));
        assertThat(vector.toString()).isEqualTo("[1.0, 2.5]");
        assertThatThrownBy(() -> ToCqlValue.convert(List.of(1), DataTypes.vectorOf(DataTypes.FLOAT, 2)))
                .hasMessageContaining("not 2");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
