package io.ckbridge.materializer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.raw.RawChangeParser;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class EventEncoderTest {
    private static final TableInfo TABLE = new TableInfo("shop", "orders", List.of(
            new ColumnInfo("id", DataTypes.INT, Kind.PARTITION_KEY, false),
            new ColumnInfo("total", DataTypes.DECIMAL, Kind.REGULAR, false),
            new ColumnInfo("tags", DataTypes.setOf(DataTypes.TEXT), Kind.REGULAR, false)));

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) RawChangeParser.JSON.readTree(text);
    }

    private static ChangeEvent update() throws Exception {
        return new ChangeEvent(TABLE, "u", 2000, json("{\"id\":7}"), json("{\"id\":7,\"total\":1.50,\"tags\":null}"),
                json("{\"id\":7,\"total\":2.25,\"tags\":[\"gift\"]}"),
                new ChangeEvent.Source(List.of("127.0.0.1"), List.of("127.0.0.1:10:200"), 2000, false), "abc", "row", null);
    }

    @Test
    void withSchemasBothKeyAndValueAreReadableByKafkaConnectsJsonConverter() throws Exception {
        EventEncoder.Encoded encoded = new EventEncoder(true).encode("cdc.shop.orders", update());

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

    @Test
    void withoutSchemasTheValueIsThePlainPayload() throws Exception {
        EventEncoder.Encoded encoded = new EventEncoder(false).encode("cdc.shop.orders", update());

        String value = new String(encoded.value(), StandardCharsets.UTF_8);
        assertThat(value).startsWith("{\"op\":\"u\",\"ts\":2000,").doesNotContain("\"schema\"");
        assertThat(RawChangeParser.JSON.readTree(value).path("after").path("tags").get(0).asText()).isEqualTo("gift");
        assertThat(new String(encoded.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
    }
}
