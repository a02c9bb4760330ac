package io.ckbridge.materializer.event.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.TableInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroEventSchemasTest {
    private static final List<ColumnInfo> ORDERS = List.of(
            new ColumnInfo("shop", DataTypes.TEXT, Kind.PARTITION_KEY, false),
            new ColumnInfo("id", DataTypes.UUID, Kind.CLUSTERING, false),
            new ColumnInfo("placed", DataTypes.TIMESTAMP, Kind.REGULAR, false),
            new ColumnInfo("day", DataTypes.DATE, Kind.REGULAR, false),
            new ColumnInfo("at", DataTypes.TIME, Kind.REGULAR, false),
            new ColumnInfo("total", DataTypes.DECIMAL, Kind.REGULAR, false),
            new ColumnInfo("qty", DataTypes.INT, Kind.REGULAR, false),
            new ColumnInfo("tags", DataTypes.setOf(DataTypes.TEXT), Kind.REGULAR, false),
            new ColumnInfo("by_code", DataTypes.mapOf(DataTypes.INT, DataTypes.TEXT), Kind.REGULAR, false));

    private static AvroEventSchemas schemas(List<ColumnInfo> columns) {
        return AvroEventSchemas.of(new TableInfo("shop", "orders", columns), 38, 9);
    }

    private static Schema rowField(AvroEventSchemas schemas, String name) {
        return AvroValues.nonNull(schemas.row().getField(name).schema());
    }

    @Test
    void columnsGetAvrosLogicalTypesAndTheKeyHoldsThePrimaryKey() {
        AvroEventSchemas schemas = schemas(ORDERS);

        assertThat(schemas.key().getFields()).extracting(Schema.Field::name).containsExactly("shop", "id");
        assertThat(schemas.key().getField("shop").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(AvroValues.nonNull(schemas.key().getField("id").schema()).getLogicalType())
                .isEqualTo(LogicalTypes.uuid());
        assertThat(rowField(schemas, "placed").getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(rowField(schemas, "day").getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(rowField(schemas, "at").getLogicalType()).isEqualTo(LogicalTypes.timeMicros());
        assertThat(rowField(schemas, "total").getLogicalType()).isEqualTo(LogicalTypes.decimal(38, 9));
        assertThat(rowField(schemas, "tags").getType()).isEqualTo(Schema.Type.ARRAY);
        assertThat(rowField(schemas, "by_code").getElementType().getFields()).extracting(Schema.Field::name)
                .containsExactly("key", "value");
        assertThat(schemas.envelope().getFullName()).isEqualTo("shop.orders.Envelope");
        // every row column may be absent, with default null
        assertThat(schemas.row().getFields()).allSatisfy(field -> assertThat(field.hasDefaultValue()).isTrue());
        // the schema is valid Avro, parsed back the same
        assertThat(new Schema.Parser().parse(schemas.envelope().toString())).isEqualTo(schemas.envelope());
    }

    @Test
    void anAddedColumnIsBackwardCompatibleAndAColumnWhoseTypeChangedIsNot() {
        Schema before = schemas(ORDERS).envelope();
        List<ColumnInfo> added = new ArrayList<>(ORDERS);
        added.add(new ColumnInfo("note", DataTypes.TEXT, Kind.REGULAR, false));
        List<ColumnInfo> retyped = new ArrayList<>(ORDERS);
        retyped.set(6, new ColumnInfo("qty", DataTypes.TEXT, Kind.REGULAR, false));

        // BACKWARD: a reader of the new schema reads what the last one wrote
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(schemas(added).envelope(), before).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(schemas(retyped).envelope(), before).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void valuesBecomeAvroDataAndWhatAvroCannotHoldExactlyIsRefusedWithTheColumn() {
        AvroEventSchemas schemas = schemas(ORDERS);
        UUID id = UUID.randomUUID();

        assertThat(AvroValues.nullable(DataTypes.UUID, id, schemas.row().getField("id").schema(), "id"))
                .isEqualTo(id.toString());
        assertThat(AvroValues.nullable(DataTypes.TIMESTAMP, Instant.ofEpochMilli(1_700_000_000_123L),
                schemas.row().getField("placed").schema(), "placed")).isEqualTo(1_700_000_000_123L);
        assertThat(AvroValues.nullable(DataTypes.DATE, LocalDate.of(2026, 12, 3), schemas.row().getField("day")
                .schema(), "day")).isEqualTo((int) LocalDate.of(2026, 12, 3).toEpochDay());
        assertThat(AvroValues.nullable(DataTypes.TIME, LocalTime.of(10, 0, 0, 5_000),
                schemas.row().getField("at").schema(), "at")).isEqualTo(36_000_000_005L);
        ByteBuffer total = (ByteBuffer) AvroValues.nullable(DataTypes.DECIMAL, new BigDecimal("12.5"),
                schemas.row().getField("total").schema(), "total");
        byte[] unscaled = new byte[total.remaining()];
        total.get(unscaled);
        assertThat(new BigDecimal(new BigInteger(unscaled), 9)).isEqualByComparingTo("12.5");
        Object codes = AvroValues.nullable(DataTypes.mapOf(DataTypes.INT, DataTypes.TEXT), Map.of(7, "seven"),
                schemas.row().getField("by_code").schema(), "by_code");
        assertThat((List<?>) codes).singleElement().satisfies(entry -> {
            assertThat(((GenericRecord) entry).get("key")).isEqualTo(7);
            assertThat(((GenericRecord) entry).get("value")).isEqualTo("seven");
        });
        assertThat(AvroValues.nullable(DataTypes.INT, null, schemas.row().getField("qty").schema(), "qty")).isNull();

        assertThatThrownBy(() -> AvroValues.nullable(DataTypes.DECIMAL, new BigDecimal("0.0000000001"),
                schemas.row().getField("total").schema(), "total"))
                .hasMessageContaining("column total").hasMessageContaining("avro.decimal.scale");
        assertThatThrownBy(() -> AvroValues.nullable(DataTypes.TIME, LocalTime.of(10, 0, 0, 5),
                schemas.row().getField("at").schema(), "at")).hasMessageContaining("column at");
    }

    @Test
    void aUdtUsedTwiceIsOneNamedTypeAndADurationIsARecord() {
        var address = new com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder("shop", "address")
                .withField("street", DataTypes.TEXT).withField("zip", DataTypes.INT).build();
        AvroEventSchemas schemas = schemas(List.of(
                new ColumnInfo("id", DataTypes.INT, Kind.PARTITION_KEY, false),
                new ColumnInfo("home", address, Kind.REGULAR, false),
                new ColumnInfo("work", address, Kind.REGULAR, false),
                new ColumnInfo("wait", DataTypes.DURATION, Kind.REGULAR, false)));

        assertThat(rowField(schemas, "home")).isSameAs(rowField(schemas, "work"));
        assertThat(rowField(schemas, "home").getFullName()).isEqualTo("shop.address");
        // written once, referred to by name after: Avro parses it back
        assertThat(new Schema.Parser().parse(schemas.envelope().toString()).getField("after").schema().toString())
                .contains("\"shop.address\"");
        GenericRecord wait = (GenericRecord) AvroValues.nullable(DataTypes.DURATION, CqlDuration.newInstance(1, 2, 3),
                schemas.row().getField("wait").schema(), "wait");
        assertThat(wait.get("months")).isEqualTo(1);
        assertThat(wait.get("nanoseconds")).isEqualTo(3L);
    }
}
