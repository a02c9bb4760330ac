package io.ckbridge.materializer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange.Bound;
import io.ckbridge.rawchange.RawChangeFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class JsonEventEncoderTest {
    private static final TableInfo TABLE = new TableInfo("shop", "orders", List.of(
            new ColumnInfo("id", DataTypes.INT, Kind.PARTITION_KEY, false),
            new ColumnInfo("total", DataTypes.DECIMAL, Kind.REGULAR, false),
            new ColumnInfo("tags", DataTypes.setOf(DataTypes.TEXT), Kind.REGULAR, false)));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) RawChangeFormat.JSON.readTree(text);
    }

    private static ChangeEvent update() throws Exception {
        return new ChangeEvent(TABLE, "u", 2000, json("{\"id\":7}"), json("{\"id\":7,\"total\":1.50,\"tags\":null}"),
                json("{\"id\":7,\"total\":2.25,\"tags\":[\"gift\"]}"),
                new ChangeEvent.Source(List.of("127.0.0.1"), List.of("127.0.0.1:10:200"), 2000, false), "abc", "row",
                null);
    }

    @Test
    void withSchemasBothKeyAndValueAreReadableByKafkaConnectsJsonConverter() throws Exception {
        EventEncoder.Encoded encoded = new JsonEventEncoder(true).encode("cdc.shop.orders", update());

        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        SchemaAndValue value = converter.toConnectData("cdc.shop.orders", encoded.value());
        Struct envelope = (Struct) value.value();
        assertThat(envelope.getString("op")).isEqualTo("u");
        assertThat(envelope.getInt64("ts")).isEqualTo(2000L);
        Struct after = envelope.getStruct("after");
        assertThat(after.getInt32("id")).isEqualTo(7);
        assertThat(after.get("total").toString()).isEqualTo("2.25");
        assertThat(after.getArray("tags")).containsExactly("gift");
        assertThat(envelope.getStruct("before").getArray("tags")).isNull();
        assertThat(envelope.getStruct("source").getArray("nodes")).containsExactly("127.0.0.1");

        converter.configure(Map.of("schemas.enable", "true"), true);
        Struct key = (Struct) converter.toConnectData("cdc.shop.orders", encoded.key()).value();
        assertThat(key.getInt32("id")).isEqualTo(7);
    }

    private static final TableInfo PLAIN = new TableInfo("shop", "visits", List.of(
            new ColumnInfo("site", DataTypes.TEXT, Kind.PARTITION_KEY, false),
            new ColumnInfo("day", DataTypes.DATE, Kind.PARTITION_KEY, false),
            new ColumnInfo("at", DataTypes.TIMESTAMP, Kind.CLUSTERING, true),
            new ColumnInfo("visitor", DataTypes.TIMEUUID, Kind.CLUSTERING, false),
            new ColumnInfo("owner", DataTypes.ASCII, Kind.STATIC, false),
            new ColumnInfo("pages", DataTypes.BIGINT, Kind.REGULAR, false),
            new ColumnInfo("tabs", DataTypes.SMALLINT, Kind.REGULAR, false),
            new ColumnInfo("retries", DataTypes.TINYINT, Kind.REGULAR, false),
            new ColumnInfo("count", DataTypes.INT, Kind.REGULAR, false),
            new ColumnInfo("bot", DataTypes.BOOLEAN, Kind.REGULAR, false),
            new ColumnInfo("score", DataTypes.FLOAT, Kind.REGULAR, false),
            new ColumnInfo("weight", DataTypes.DOUBLE, Kind.REGULAR, false),
            new ColumnInfo("spent", DataTypes.DECIMAL, Kind.REGULAR, false),
            new ColumnInfo("session", DataTypes.UUID, Kind.REGULAR, false),
            new ColumnInfo("address", DataTypes.INET, Kind.REGULAR, false),
            new ColumnInfo("opened", DataTypes.TIME, Kind.REGULAR, false),
            new ColumnInfo("stay", DataTypes.DURATION, Kind.REGULAR, false),
            new ColumnInfo("note", DataTypes.TEXT, Kind.REGULAR, false)));

    private static List<ChangeEvent> plainEvents() throws Exception {
        ObjectNode key = json("{\"site\":\"a.example\",\"day\":\"2024-02-29\",\"at\":\"2024-02-29 10:11:12.345Z\","
                + "\"visitor\":\"e7d3c8a0-b63e-11ef-9cd2-0242ac120002\"}");
        ObjectNode full = key.deepCopy()
                .setAll(json("{\"owner\":\"ops\",\"pages\":9007199254740993,\"tabs\":-3,\"retries\":127,"
                + "\"count\":2147483647,\"bot\":false,\"score\":1.5,\"weight\":-1.0E300,\"spent\":12.50,"
                + "\"session\":\"5b6962dd-3f90-4c93-8f61-eabfa4a803e2\",\"address\":\"10.1.2.3\","
                        + "\"opened\":\"08:30:00.123456789\","
                + "\"stay\":\"1h2m3s\",\"note\":\"é \\\"quoted\\\" \\u0001 ✓\"}"));
        ObjectNode sparse = key.deepCopy().setAll(json("{\"owner\":null,\"note\":\"only this\"}"));
        ObjectNode partitionKey = json("{\"site\":\"a.example\",\"day\":\"2024-02-29\"}");
        ChangeEvent.Source source = new ChangeEvent.Source(List.of("127.0.0.1", "127.0.0.2"),
                List.of("127.0.0.1:10:200", "127.0.0.2:4:96"), 1_700_000_000_000_001L, false);
        ChangeEvent.Source snapshot = new ChangeEvent.Source(List.of("snapshot"), List.of("snapshot:s1"), 5L, true);
        ObjectNode low = json("{\"at\":\"2024-02-29 00:00:00.000Z\"}");
        ObjectNode high = json("{\"at\":\"2024-02-29 12:00:00.000Z\"}");
        return List.of(
                new ChangeEvent(PLAIN, "c", 10, key, null, sparse, source, "v1", "row", null),
                new ChangeEvent(PLAIN, "u", 11, key, sparse, full, source, null, "row", null),
                new ChangeEvent(PLAIN, "d", 12, key, full, null, source, "v1", "row", null),
                new ChangeEvent(PLAIN, "r", 13, key, null, full, snapshot, "v1", "row", null),
                new ChangeEvent(PLAIN, "d", 14, partitionKey, null, null, source, "v1", "partition", null),
                new ChangeEvent(PLAIN, "d", 15, partitionKey, null, null, source, "v1", "range",
                        new ChangeEvent.Range(new Bound(low, true), new Bound(high, false))));
    }

    @Test
    void tablesOfPlainTypesAreWrittenByteForByteAsJsonConverterWritesThem() throws Exception {
        for (boolean schemas : new boolean[] {true, false}) {
            JsonEventEncoder encoder = new JsonEventEncoder(schemas);
            for (ChangeEvent event : plainEvents()) {
                EventEncoder.Encoded direct = encoder.encode("cdc.shop.visits", event);
                EventEncoder.Encoded converted = encoder.viaConverter("cdc.shop.visits", event);

                String what = event.op() + " " + event.scope() + (schemas ? " with schemas" : "");
                assertThat(new String(direct.key(), StandardCharsets.UTF_8)).as("key of " + what)
                        .isEqualTo(new String(converted.key(), StandardCharsets.UTF_8));
                assertThat(new String(direct.value(), StandardCharsets.UTF_8)).as("value of " + what)
                        .isEqualTo(new String(converted.value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aBadValueOfAPlainTableNamesItsColumn() throws Exception {
        ObjectNode key = json("{\"site\":\"a\",\"day\":\"2024-02-29\",\"at\":null,\"visitor\":null}");
        ObjectNode after = key.deepCopy().put("count", "many");
        ChangeEvent event = new ChangeEvent(PLAIN, "c", 1, key, null, after,
                new ChangeEvent.Source(List.of(), List.of(), 1, false), null, "row", null);

        assertThatThrownBy(() -> new JsonEventEncoder(false).encode("t", event)).hasMessageContaining("column count");
    }

    @Test
    void withoutSchemasTheValueIsThePlainPayload() throws Exception {
        EventEncoder.Encoded encoded = new JsonEventEncoder(false).encode("cdc.shop.orders", update());

        String value = new String(encoded.value(), StandardCharsets.UTF_8);
        assertThat(value).startsWith("{\"op\":\"u\",\"ts\":2000,").doesNotContain("\"schema\"");
        assertThat(RawChangeFormat.JSON.readTree(value).path("after").path("tags").get(0).asText()).isEqualTo("gift");
        assertThat(new String(encoded.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
    }
}
