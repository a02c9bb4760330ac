package io.ckbridge.materializer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChangeFormat;
import io.debezium.data.Envelope;
import io.debezium.transforms.ExtractNewRecordState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Our Debezium envelope, read back as JSON and unwrapped by Debezium's own ExtractNewRecordState. */
class DebeziumEventEncoderTest {
    private static final String TOPIC = "cdc.shop.stock";
    private static final TableInfo TABLE = new TableInfo("shop", "stock", List.of(
            new ColumnInfo("store", DataTypes.UUID, Kind.PARTITION_KEY, false),
            new ColumnInfo("item", DataTypes.TEXT, Kind.CLUSTERING, false),
            new ColumnInfo("count", DataTypes.INT, Kind.REGULAR, false),
            new ColumnInfo("checked", DataTypes.TIMESTAMP, Kind.REGULAR, false)));
    private static final String STORE = "5b6962dd-3f90-11ed-a3b0-0800200c9a66";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private static final DebeziumEventEncoder ENCODER = new DebeziumEventEncoder("cdc", "0.1.0", true, CLOCK);

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) RawChangeFormat.JSON.readTree(text);
    }

    private static ChangeEvent event(String op, String before, String after, String scope) throws Exception {
        ObjectNode key = json("{\"store\":\"" + STORE + "\",\"item\":\"pen\"}");
        return new ChangeEvent(TABLE, op, 1_795_000_000_000_000L, key,
                before == null ? null : json(before), after == null ? null : json(after),
                new ChangeEvent.Source(List.of("127.0.0.1"), List.of("127.0.0.1:10:200"), 1_795_000_000_000_000L,
                        false), "abc", scope, null);
    }

    private static SinkRecord record(EventEncoder.Encoded encoded) {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        SchemaAndValue key = keys.toConnectData(TOPIC, encoded.key());
        SchemaAndValue value = values.toConnectData(TOPIC, encoded.value());
        return new SinkRecord(TOPIC, 0, key.schema(), key.value(), value.schema(), value.value(), 42);
    }

    private static final String ROW_5 = "{\"store\":\"" + STORE + "\",\"item\":\"pen\",\"count\":5,"
            + "\"checked\":\"2026-12-01 08:00:00.000Z\"}";
    private static final String ROW_4 = "{\"store\":\"" + STORE + "\",\"item\":\"pen\",\"count\":4,"
            + "\"checked\":\"2026-12-02 08:00:00.000Z\"}";

    @Test
    void anUpdateIsADebeziumEnvelopeWithItsKeyTheRowsAndTheSource() throws Exception {
        SinkRecord record = record(ENCODER.encode(TOPIC, event("u", ROW_5, ROW_4, "row")));

        assertThat(record.valueSchema().name()).isEqualTo("cdc.shop.stock.Envelope");
        assertThat(Envelope.isEnvelopeSchema(record.valueSchema())).isTrue();
        assertThat(record.valueSchema().version()).isEqualTo(2);
        assertThat(record.keySchema().name()).isEqualTo("cdc.shop.stock.Key");
        Struct key = (Struct) record.key();
        assertThat(key.getString("store")).isEqualTo(STORE);
        assertThat(key.getString("item")).isEqualTo("pen");
        assertThat(record.keySchema().field("store").schema().name()).isEqualTo("io.debezium.data.Uuid");
        Struct value = (Struct) record.value();
        assertThat(value.getString("op")).isEqualTo("u");
        assertThat(value.getInt64("ts_ms")).isEqualTo(CLOCK.millis());
        assertThat(value.getStruct("before").getInt32("count")).isEqualTo(5);
        assertThat(value.getStruct("after").getInt32("count")).isEqualTo(4);
        assertThat(value.getStruct("after").schema().name()).isEqualTo("cdc.shop.stock.Value");
        Struct source = value.getStruct("source");
        assertThat(source.getString("connector")).isEqualTo("cassandra-kafka-bridge");
        assertThat(source.getString("name")).isEqualTo("cdc");
        assertThat(source.getString("db")).isEqualTo("shop");
        assertThat(source.getString("table")).isEqualTo("stock");
        assertThat(source.getInt64("ts_ms")).isEqualTo(1_795_000_000_000L);
        assertThat(source.getString("snapshot")).isEqualTo("false");
        assertThat(value.get("transaction")).isNull();
    }

    @Test
    void debeziumsExtractNewRecordStateUnwrapsInsertsAndUpdatesAndTurnsDeletesIntoTombstones() throws Exception {
        try (ExtractNewRecordState<SinkRecord> unwrap = new ExtractNewRecordState<>()) {
            unwrap.configure(Map.of("add.fields", "op,table"));

            SinkRecord inserted = unwrap.apply(record(ENCODER.encode(TOPIC, event("c", null, ROW_5, "row"))));
            Struct row = (Struct) inserted.value();
            assertThat(row.getInt32("count")).isEqualTo(5);
            assertThat(row.get("checked")).isEqualTo(java.util.Date.from(Instant.parse("2026-12-01T08:00:00Z")));
            assertThat(row.getString("__op")).isEqualTo("c");
            assertThat(row.getString("__table")).isEqualTo("stock");

            SinkRecord updated = unwrap.apply(record(ENCODER.encode(TOPIC, event("u", ROW_5, ROW_4, "row"))));
            assertThat(((Struct) updated.value()).getInt32("count")).isEqualTo(4);

            SinkRecord deleted = unwrap.apply(record(ENCODER.encode(TOPIC, event("d", ROW_4, null, "row"))));
            assertThat(deleted).as("a delete is recognised, not dropped as a truncate").isNotNull();
            assertThat(deleted.value()).isNull();
            assertThat(((Struct) deleted.key()).getString("item")).isEqualTo("pen");
        }
    }

    @Test
    void onlyRowEventsAreWritten() throws Exception {
        assertThat(ENCODER.writes(event("u", ROW_5, ROW_4, "row"))).isTrue();
        assertThat(ENCODER.writes(event("d", null, null, "partition"))).isFalse();
        assertThat(ENCODER.writes(event("d", null, null, "range"))).isFalse();
        assertThat(ENCODER.writes(event("u", null, null, "static"))).isFalse();
    }
}
