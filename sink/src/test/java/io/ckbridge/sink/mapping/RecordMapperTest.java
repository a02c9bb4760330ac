package io.ckbridge.sink.mapping;

import static io.ckbridge.sink.mapping.TestTables.mapping;
import static io.ckbridge.sink.mapping.TestTables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.ckbridge.sink.SinkConfig;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordMapperTest {
    private static final DefaultProtocolVersion V5 = DefaultProtocolVersion.V5;
    private final RecordMapper mapper = new RecordMapper(V5, false);

    private static final TableMetadata ORDERS = table("shop", "orders")
            .partitionKey("id", DataTypes.BIGINT)
            .column("customer", DataTypes.TEXT)
            .column("total", DataTypes.DECIMAL)
            .column("tags", DataTypes.setOf(DataTypes.TEXT))
            .column("placed", DataTypes.TIMESTAMP)
            .build();

    private static SinkRecord record(Object key, Schema keySchema, Object value, Schema valueSchema) {
        return new SinkRecord("orders", 3, keySchema, key, valueSchema, value, 42L, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static Object decode(RowWrite row, TableMapping mapping, String column) {
        int index = mapping.columnIndexOf(column);
        ByteBuffer value = row.values()[index];
        if (value == ProtocolConstants.UNSET_VALUE) {
            return "UNSET";
        }
        return mapping.codec(index).decode(value, V5);
    }

    @Test
    void mapsSchemalessJsonByColumnName() {
        TableMapping mapping = mapping(ORDERS, null);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", 7L);
        value.put("customer", "ann");
        value.put("total", 12.5);
        value.put("tags", List.of("a", "b"));
        value.put("placed", "2024-01-02T03:04:05Z");

        RowWrite row = mapper.map(new RecordView(record("7", null, value, null)), mapping);

        assertThat(row.shape()).isEqualTo(RowWrite.Shape.FULL);
        assertThat(decode(row, mapping, "id")).isEqualTo(7L);
        assertThat(decode(row, mapping, "customer")).isEqualTo("ann");
        assertThat(decode(row, mapping, "total")).isEqualTo(new BigDecimal("12.5"));
        assertThat(decode(row, mapping, "tags")).isEqualTo(Set.of("a", "b"));
        assertThat(decode(row, mapping, "placed")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(row.timestampMicros()).isEqualTo(RowWrite.ASSIGN_AT_WRITE);
    }

    @Test
    void mapsStructsAndTakesThePrimaryKeyFromTheKeyWhenTheValueLacksIt() {
        TableMapping mapping = mapping(ORDERS, null);
        Schema keySchema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema valueSchema = SchemaBuilder.struct().field("Customer", Schema.STRING_SCHEMA).build();

        RowWrite row = mapper.map(new RecordView(record(new Struct(keySchema).put("id", 9L), keySchema,
                new Struct(valueSchema).put("Customer", "bob"), valueSchema)), mapping);

        assertThat(decode(row, mapping, "id")).isEqualTo(9L);
        assertThat(decode(row, mapping, "customer")).as("field names match columns case-insensitively")
                .isEqualTo("bob");
        assertThat(decode(row, mapping, "total")).as("absent fields are left unset: no tombstone").isEqualTo("UNSET");
    }

    @Test
    void aPrimitiveKeyFillsASingleColumnPrimaryKey() {
        TableMapping mapping = mapping(ORDERS, null);

        RowWrite row = mapper.map(new RecordView(record("11", Schema.STRING_SCHEMA, "{\"customer\":\"cy\"}",
                Schema.STRING_SCHEMA)), mapping);

        assertThat(decode(row, mapping, "id")).isEqualTo(11L);
        assertThat(decode(row, mapping, "customer")).as("JSON text in a string value is read as fields")
                .isEqualTo("cy");
    }

    @Test
    void explicitMappingReadsNestedFieldsAtAnyDepth() {
        TableMapping mapping = mapping(ORDERS, "id=key.order.id, total=value.amount.gross.total, customer=value.who");
        Map<String, Object> key = Map.of("order", Map.of("id", 5));
        Map<String, Object> value = Map.of("who", "dee", "amount", Map.of("gross", Map.of("total", "3.30")), "ignored",
                true);

        RowWrite row = mapper.map(new RecordView(record(key, null, value, null)), mapping);

        assertThat(mapping.columns()).hasSize(3);
        assertThat(decode(row, mapping, "id")).isEqualTo(5L);
        assertThat(decode(row, mapping, "total")).isEqualTo(new BigDecimal("3.30"));
    }

    @Test
    void ttlAndWriteTimeComeFromMappedFieldsInTheirUnits() {
        TopicTableSettings settings = new TopicTableSettings("orders", "shop", "orders",
                Optional.of("id=key, customer=value.c, __ttl=value.ttl_ms, __timestamp=value.written"), Optional.of(60),
                TimeUnit.MILLISECONDS, TimeUnit.MILLISECONDS, true, true, Optional.empty());
        TableMapping mapping = TableMapping.resolve(settings, ORDERS, SinkConfig.WriteMode.INSERT,
                SinkConfig.CollectionUpdate.REPLACE);

        RowWrite row = mapper.map(new RecordView(record(1L, null, Map.of("c", "x", "ttl_ms", 90_000, "written", 1_000L),
                null)), mapping);
        RowWrite withoutTtl = mapper.map(new RecordView(record(1L, null, Map.of("c", "x"), null)), mapping);

        assertThat(row.ttl().getInt(0)).isEqualTo(90);
        assertThat(row.timestampMicros()).isEqualTo(1_000_000L);
        assertThat(withoutTtl.ttl().getInt(0)).as("the table's TTL setting when the record has none").isEqualTo(60);
    }

    @Test
    void theKafkaTimestampBecomesTheWriteTimeWhenAsked() {
        RowWrite row = new RecordMapper(V5, true).map(new RecordView(record(1L, null, Map.of("id", 1L), null)),
                mapping(ORDERS, null));

        assertThat(row.timestampMicros()).isEqualTo(1_700_000_000_000_000L);
    }

    @Test
    void aTombstoneDeletesByTheKeysPrimaryKey() {
        RowWrite row = mapper.map(new RecordView(record(Map.of("id", 3L), null, null, null)), mapping(ORDERS, null));

        assertThat(row.shape()).isEqualTo(RowWrite.Shape.DELETE);
        assertThat(row.values()[0]).isEqualTo(TypeCodecs.BIGINT.encode(3L, V5));
    }

    @Test
    void aTombstoneIsSkippedWhenDeletesAreOff() {
        TopicTableSettings settings = new TopicTableSettings("orders", "shop", "orders", Optional.empty(),
                Optional.empty(), TimeUnit.SECONDS, TimeUnit.MICROSECONDS, true, false, Optional.empty());
        TableMapping mapping = TableMapping.resolve(settings, ORDERS, SinkConfig.WriteMode.INSERT,
                SinkConfig.CollectionUpdate.REPLACE);

        assertThat(mapper.map(new RecordView(record(3L, null, null, null)), mapping)).isNull();
    }

    @Test
    void aMissingPrimaryKeyNamesTheColumn() {
        assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null, Map.of("customer", "x"), null)),
                mapping(ORDERS, null)))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("primary key column id")
                .extracting(e -> ((RecordMappingException) e).column()).isEqualTo("id");
    }

    @Test
    void aWrongTypeOrOutOfRangeValueNamesTheColumnAndTheExpectedType() {
        TableMapping mapping = mapping(table("shop", "m").partitionKey("id", DataTypes.INT)
                .column("n", DataTypes.TINYINT).build(), null);

        assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null, Map.of("id", 1, "n", 300), null)),
                mapping))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageContaining("column n (tinyint)").hasMessageContaining("out of range");
        assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null, Map.of("id", "one"), null)), mapping))
                .hasMessageContaining("column id (int)").hasMessageContaining("expected int but got String \"one\"");
    }

    @Test
    void aNumberWithAHugeExponentIsABadRecordAtOnce() {
        TableMapping mapping = mapping(table("shop", "m").partitionKey("id", DataTypes.INT)
                .column("n", DataTypes.INT).column("at", DataTypes.TIMESTAMP).build(), null);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null,
                    Map.of("id", 1, "n", "1e100000000"), null)), mapping))
                    .isInstanceOf(RecordMappingException.class)
                    .hasMessageStartingWith("column n (int): value String \"1e100000000\" is out of range for int")
                    .extracting(e -> ((RecordMappingException) e).column()).isEqualTo("n");
            // JSON text: the number is parsed as a BigDecimal, not as text
            assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null,
                    "{\"id\":1,\"at\":1e100000000}", Schema.STRING_SCHEMA)), mapping))
                    .isInstanceOf(RecordMappingException.class)
                    .hasMessageContaining("column at (timestamp)").hasMessageContaining("out of range");
        });
    }

    @Test
    void aFieldWithoutAColumnIsAnUnknownField() {
        assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null, Map.of("id", 1, "colour", "red"), null)),
                mapping(ORDERS, null)))
                .isInstanceOf(RecordMapper.UnknownFieldException.class)
                .hasMessageContaining("field 'colour'").hasMessageContaining("shop.orders");
    }

    @Test
    void aRecordWithoutClusteringKeyWritesOnlyStaticColumns() {
        TableMetadata events = table("shop", "events").partitionKey("day", DataTypes.TEXT)
                .clustering("at", DataTypes.TIMESTAMP)
                .staticColumn("total", DataTypes.BIGINT).column("what", DataTypes.TEXT).build();
        TableMapping mapping = mapping(events, null);

        RowWrite staticOnly = mapper.map(new RecordView(record(null, null, Map.of("day", "d1", "total", 4), null)),
                mapping);

        assertThat(staticOnly.shape()).isEqualTo(RowWrite.Shape.STATIC);
        assertThatThrownBy(() -> mapper.map(new RecordView(record(null, null, Map.of("day", "d1", "what", "x"), null)),
                mapping))
                .hasMessageContaining("primary key column at");
    }

    @Test
    void nullsBecomeTombstonesOnlyWhenNullToUnsetIsOff() {
        Map<String, Object> value = new java.util.HashMap<>();
        value.put("id", 1L);
        value.put("customer", null);
        TopicTableSettings keepNulls = new TopicTableSettings("orders", "shop", "orders", Optional.empty(),
                Optional.empty(), TimeUnit.SECONDS, TimeUnit.MICROSECONDS, false, true, Optional.empty());

        RowWrite unset = mapper.map(new RecordView(record(null, null, value, null)), mapping(ORDERS, null));
        RowWrite tombstone = mapper.map(new RecordView(record(null, null, value, null)),
                TableMapping.resolve(keepNulls, ORDERS, SinkConfig.WriteMode.INSERT,
                SinkConfig.CollectionUpdate.REPLACE));

        assertThat(unset.values()[1]).isSameAs(ProtocolConstants.UNSET_VALUE);
        assertThat(tombstone.values()[1]).isNull();
    }

    @Test
    void theSamePartitionGivesEqualPartitionKeys() {
        TableMapping mapping = mapping(ORDERS, null);
        RowWrite a = mapper.map(new RecordView(record(null, null, Map.of("id", 1L, "customer", "a"), null)), mapping);
        RowWrite b = mapper.map(new RecordView(record(null, null, Map.of("id", 1L, "customer", "b"), null)), mapping);
        RowWrite c = mapper.map(new RecordView(record(null, null, Map.of("id", 2L), null)), mapping);

        assertThat(a.partition()).isEqualTo(b.partition()).hasSameHashCodeAs(b.partition());
        assertThat(a.partition()).isNotEqualTo(c.partition());
    }
}
