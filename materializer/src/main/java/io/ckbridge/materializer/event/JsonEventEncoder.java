package io.ckbridge.materializer.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.common.types.FromCql;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.schema.ValueOrder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Writes change events as Kafka Connect data in its JsonConverter's JSON: with the schema embedded
 * or the payload alone, so that Connect sinks read them with the matching converter setting.
 * Values follow the source connector's CQL to Connect mapping (timestamps as Timestamp, decimals
 * as exact text, UUIDs as strings...). Tables whose columns all map to Connect primitives (and
 * Timestamp, Date, Time) are written straight to JSON, byte for byte what JsonConverter writes:
 * building Structs and a JSON tree for each event was a tenth of the materializer's CPU. Other
 * tables (blobs, varints, collections, UDTs, tuples, vectors) go through JsonConverter.
 */
public final class JsonEventEncoder implements EventEncoder {
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean schemasEnable;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();
    private final Map<TableInfo, Schemas> schemas = new ConcurrentHashMap<>();

    /** A table's Connect schemas; for a table written directly also their JSON (when schemas are embedded). */
    private record Schemas(Schema key, Schema row, Schema envelope, boolean direct, String keySchemaJson,
            String envelopeSchemaJson) {
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

    public JsonEventEncoder(boolean schemasEnable) {
        this.schemasEnable = schemasEnable;
        Map<String, Object> settings = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, schemasEnable,
                JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG, 1000);
        keys.configure(settings, true);
        values.configure(settings, false);
    }

    @Override
    public Encoded encode(String topic, ChangeEvent event) {
        Schemas schema = schemas.computeIfAbsent(event.table(), this::schemas);
        if (schema.direct()) {
            try {
                return new Encoded(directKey(event, schema), directValue(event, schema));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return viaConverter(topic, event, schema);
    }

    /** The event through Connect Structs and JsonConverter: any schema. */
    Encoded viaConverter(String topic, ChangeEvent event) {
        return viaConverter(topic, event, schemas.computeIfAbsent(event.table(), this::schemas));
    }

    private Encoded viaConverter(String topic, ChangeEvent event, Schemas schema) {
        Struct key = new Struct(schema.key());
        for (ColumnInfo column : event.table().columns()) {
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY || column.kind() == ColumnInfo.Kind.CLUSTERING) {
                key.put(column.name(), connect(column, event.key().get(column.name()), schema.key().field(column.name())
                        .schema()));
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
        return new Encoded(keys.fromConnectData(topic, schema.key(), key),
                values.fromConnectData(topic, schema.envelope(), envelope));
    }

    /** A row image as a Struct of {@code schema} (one field per column, named as the column); null for none. */
    static Struct row(TableInfo table, ObjectNode image, Schema schema) {
        if (image == null) {
            return null;
        }
        Struct row = new Struct(schema);
        for (ColumnInfo column : table.columns()) {
            row.put(column.name(), connect(column, image.get(column.name()), schema.field(column.name()).schema()));
        }
        return row;
    }

    /** A column's value (as the state keeps it) as Connect data of {@code schema}. */
    static Object connect(ColumnInfo column, JsonNode value, Schema schema) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return FromCql.convert(ValueOrder.toDriver(column.type(), value), column.type(), schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type().asCql(false, true)
                    + "): value "
                    + value + " cannot be converted: " + e.getMessage(), e);
        }
    }

    /** Writes a payload. */
    private interface Payload {
        void write(JsonGenerator json) throws IOException;
    }

    /** The payload, wrapped as {"schema":..., "payload":...} when schemas are embedded. */
    private byte[] write(String schemaJson, int sizeHint, Payload payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            if (schemasEnable) {
                json.writeStartObject();
                json.writeFieldName("schema");
                json.writeRawValue(schemaJson);
                json.writeFieldName("payload");
            }
            payload.write(json);
            if (schemasEnable) {
                json.writeEndObject();
            }
        }
        return bytes.toByteArray();
    }

    private byte[] directKey(ChangeEvent event, Schemas schema) throws IOException {
        return write(schema.keySchemaJson(), 64, json -> {
            json.writeStartObject();
            for (Field field : schema.key().fields()) {
                ColumnInfo column = event.table().column(field.name());
                json.writeFieldName(field.name());
                writePlain(json, column, event.key().get(field.name()), field.schema());
            }
            json.writeEndObject();
        });
    }

    private byte[] directValue(ChangeEvent event, Schemas schema) throws IOException {
        return write(schema.envelopeSchemaJson(), 512, json -> {
            json.writeStartObject();
            json.writeStringField("op", event.op());
            json.writeNumberField("ts", event.ts());
            json.writeStringField("scope", event.scope());
            json.writeFieldName("before");
            writeRow(json, event.table(), event.before(), schema.row());
            json.writeFieldName("after");
            writeRow(json, event.table(), event.after(), schema.row());
            json.writeObjectFieldStart("source");
            json.writeStringField("keyspace", event.table().keyspace());
            json.writeStringField("table", event.table().name());
            writeStrings(json, "nodes", event.source().nodes());
            writeStrings(json, "positions", event.source().positions());
            json.writeNumberField("writeTs", event.source().writeTs());
            json.writeBooleanField("snapshot", event.source().snapshot());
            json.writeEndObject();
            json.writeFieldName("schemaVersion");
            if (event.schemaVersion() == null) {
                json.writeNull();
            } else {
                json.writeString(event.schemaVersion());
            }
            json.writeFieldName("range");
            if (event.range() == null) {
                json.writeNull();
            } else {
                json.writeStartObject();
                json.writeStringField("start", event.range().start().clustering().toString());
                json.writeBooleanField("startInclusive", event.range().start().inclusive());
                json.writeStringField("end", event.range().end().clustering().toString());
                json.writeBooleanField("endInclusive", event.range().end().inclusive());
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    private static void writeStrings(JsonGenerator json, String name, List<String> strings) throws IOException {
        json.writeArrayFieldStart(name);
        for (String text : strings) {
            json.writeString(text);
        }
        json.writeEndArray();
    }

    private static void writeRow(JsonGenerator json, TableInfo table, ObjectNode image,
            Schema schema) throws IOException {
        if (image == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        for (ColumnInfo column : table.columns()) {
            json.writeFieldName(column.name());
            writePlain(json, column, image.get(column.name()), schema.field(column.name()).schema());
        }
        json.writeEndObject();
    }

    /** A column value as JsonConverter writes a Connect primitive, Timestamp, Date or Time. */
    private static void writePlain(JsonGenerator json, ColumnInfo column, JsonNode value,
            Schema schema) throws IOException {
        Object data = connect(column, value, schema);
        if (data == null) {
            if (!schema.isOptional()) {
                throw new IllegalArgumentException("column " + column.name()
                        + " has no value, and it is part of the partition key");
            }
            json.writeNull();
            return;
        }
        String logical = schema.name();
        switch (schema.type()) {
            case STRING -> json.writeString((String) data);
            case BOOLEAN -> json.writeBoolean((Boolean) data);
            case INT8 -> json.writeNumber((Byte) data);
            case INT16 -> json.writeNumber((Short) data);
            case INT32 -> json.writeNumber(org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)
                    ? org.apache.kafka.connect.data.Date.fromLogical(schema, (java.util.Date) data)
                    : Time.LOGICAL_NAME.equals(logical) ? Time.fromLogical(schema,
                            (java.util.Date) data) : (Integer) data);
            case INT64 -> json.writeNumber(Timestamp.LOGICAL_NAME.equals(logical)
                    ? Timestamp.fromLogical(schema, (java.util.Date) data) : (Long) data);
            case FLOAT32 -> json.writeNumber((Float) data);
            case FLOAT64 -> json.writeNumber((Double) data);
            default -> throw new IllegalStateException("not a plain schema: " + schema.type());
        }
    }

    /**
     * Connect primitives other than bytes, with no logical type or Timestamp, Date, Time: what {@link #writePlain}
     * writes.
     */
    private static boolean plain(Schema schema) {
        if (!schema.type().isPrimitive() || schema.type() == Schema.Type.BYTES) {
            return false;
        }
        String logical = schema.name();
        return logical == null || logical.equals(Timestamp.LOGICAL_NAME)
                || logical.equals(org.apache.kafka.connect.data.Date.LOGICAL_NAME)
                || logical.equals(Time.LOGICAL_NAME);
    }

    private Schemas schemas(TableInfo table) {
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
        Schema keySchema = key.build();
        boolean direct = rowSchema.fields().stream().allMatch(field -> plain(field.schema()));
        return new Schemas(keySchema, rowSchema, envelope, direct,
                direct && schemasEnable ? keys.asJsonSchema(keySchema).toString() : null,
                direct && schemasEnable ? values.asJsonSchema(envelope).toString() : null);
    }
}
