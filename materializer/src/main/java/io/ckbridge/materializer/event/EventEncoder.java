package io.ckbridge.materializer.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.common.types.FromCql;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.schema.ValueOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Writes change events as Kafka Connect data through its JsonConverter: with the schema embedded
 * or the payload alone, so that Connect sinks read them with the matching converter setting.
 * Values follow the source connector's CQL to Connect mapping (timestamps as Timestamp, decimals
 * as exact text, UUIDs as strings...).
 */
public final class EventEncoder {
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();
    private final Map<TableInfo, Schemas> schemas = new ConcurrentHashMap<>();

    public record Encoded(byte[] key, byte[] value) {
    }

    private record Schemas(Schema key, Schema row, Schema envelope) {
    }

    private static final Schema SOURCE = SchemaBuilder.struct().name("io.ckbridge.cdc.Source")
            .field("keyspace", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("nodes", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("positions", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("writeTs", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.BOOLEAN_SCHEMA)
            .build();

    private static final Schema RANGE = SchemaBuilder.struct().name("io.ckbridge.cdc.Range").optional()
            .field("start", Schema.STRING_SCHEMA)
            .field("startInclusive", Schema.BOOLEAN_SCHEMA)
            .field("end", Schema.STRING_SCHEMA)
            .field("endInclusive", Schema.BOOLEAN_SCHEMA)
            .build();

    public EventEncoder(boolean schemasEnable) {
        Map<String, Object> settings = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, schemasEnable,
                JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG, 1000);
        keys.configure(settings, true);
        values.configure(settings, false);
    }

    public Encoded encode(String topic, ChangeEvent event) {
        Schemas schema = schemas.computeIfAbsent(event.table(), EventEncoder::schemas);
        Struct key = new Struct(schema.key());
        for (ColumnInfo column : event.table().columns()) {
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY || column.kind() == ColumnInfo.Kind.CLUSTERING) {
                key.put(column.name(), connect(column, event.key().get(column.name()), schema.key().field(column.name()).schema()));
            }
        }
        Struct envelope = new Struct(schema.envelope())
                .put("op", event.op())
                .put("ts", event.ts())
                .put("scope", event.scope())
                .put("before", row(event.table(), event.before(), schema.row()))
                .put("after", row(event.table(), event.after(), schema.row()))
                .put("source", new Struct(SOURCE)
                        .put("keyspace", event.table().keyspace())
                        .put("table", event.table().name())
                        .put("nodes", event.source().nodes())
                        .put("positions", event.source().positions())
                        .put("writeTs", event.source().writeTs())
                        .put("snapshot", event.source().snapshot()))
                .put("schemaVersion", event.schemaVersion())
                .put("range", event.range() == null ? null : new Struct(RANGE)
                        .put("start", event.range().start().clustering().toString())
                        .put("startInclusive", event.range().start().inclusive())
                        .put("end", event.range().end().clustering().toString())
                        .put("endInclusive", event.range().end().inclusive()));
        return new Encoded(keys.fromConnectData(topic, schema.key(), key), values.fromConnectData(topic, schema.envelope(), envelope));
    }

    private static Struct row(TableInfo table, ObjectNode image, Schema schema) {
        if (image == null) {
            return null;
        }
        Struct row = new Struct(schema);
        for (ColumnInfo column : table.columns()) {
            row.put(column.name(), connect(column, image.get(column.name()), schema.field(column.name()).schema()));
        }
        return row;
    }

    private static Object connect(ColumnInfo column, JsonNode value, Schema schema) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return FromCql.convert(ValueOrder.toDriver(column.type(), value), column.type(), schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type().asCql(false, true) + "): value "
                    + value + " cannot be converted: " + e.getMessage(), e);
        }
    }

    private static Schemas schemas(TableInfo table) {
        String name = table.keyspace() + "." + table.name();
        SchemaBuilder key = SchemaBuilder.struct().name(name + ".Key");
        SchemaBuilder row = SchemaBuilder.struct().name(name + ".Value").optional();
        for (ColumnInfo column : table.columns()) {
            switch (column.kind()) {
                case PARTITION_KEY -> key.field(column.name(), FromCql.schema(column.type(), false));
                // absent from the keys of static, partition and range events
                case CLUSTERING -> key.field(column.name(), FromCql.schema(column.type(), true));
                default -> { }
            }
            row.field(column.name(), FromCql.schema(column.type(), true));
        }
        Schema rowSchema = row.build();
        Schema envelope = SchemaBuilder.struct().name(name + ".Envelope")
                .field("op", Schema.STRING_SCHEMA)
                .field("ts", Schema.INT64_SCHEMA)
                .field("scope", Schema.STRING_SCHEMA)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", SOURCE)
                .field("schemaVersion", Schema.OPTIONAL_STRING_SCHEMA)
                .field("range", RANGE)
                .build();
        return new Schemas(key.build(), rowSchema, envelope);
    }
}
