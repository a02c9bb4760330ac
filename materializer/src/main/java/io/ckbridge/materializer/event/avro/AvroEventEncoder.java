package io.ckbridge.materializer.event.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.ckbridge.common.registry.RegistryUrl;
import io.ckbridge.common.registry.SchemaRegistryClient;
import io.ckbridge.common.registry.SubjectRegistrar;
import io.ckbridge.common.registry.SubjectRegistrar.TopicSchemas;
import io.ckbridge.materializer.event.ChangeEvent;
import io.ckbridge.materializer.event.EventEncoder;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.schema.ValueOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes change events as Avro in Confluent's framing (magic byte 0, the 4-byte id the
 * Confluent-compatible API serves, Avro binary) with Apicurio's serializer, so that any
 * Confluent-compatible deserializer reads them. The schemas come from the table
 * ({@link AvroEventSchemas}) and are registered before a change of it is applied
 * ({@link #refusal}).
 */
public final class AvroEventEncoder implements EventEncoder {
    private final AvroKafkaSerializer<GenericRecord> keys = new AvroKafkaSerializer<>();
    private final AvroKafkaSerializer<GenericRecord> values = new AvroKafkaSerializer<>();
    private final SubjectRegistrar registrar;
    private final int decimalPrecision;
    private final int decimalScale;
    private final Map<TableInfo, AvroEventSchemas> schemas = new ConcurrentHashMap<>();
    /** The schemas as registered, kept so that checking a change does not write them as JSON each time. */
    private final Map<TableInfo, TopicSchemas> subjects = new ConcurrentHashMap<>();

    public AvroEventEncoder(RegistryUrl registry, String compatibility, int decimalPrecision, int decimalScale) {
        this.registrar = new SubjectRegistrar(new SchemaRegistryClient(registry), compatibility);
        this.decimalPrecision = decimalPrecision;
        this.decimalScale = decimalScale;
        keys.configure(serializerSettings(registry), true);
        values.configure(serializerSettings(registry), false);
    }

    /** Apicurio's serializer in Confluent's framing: no headers, the content id in four bytes. */
    static Map<String, Object> serializerSettings(RegistryUrl registry) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SerdeConfig.REGISTRY_URL, registry.apicurioApi());
        settings.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        settings.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        settings.put(SerdeConfig.USE_ID, "contentId");
        settings.put(SerdeConfig.ENABLE_HEADERS, false);
        return settings;
    }

    @Override
    public Optional<String> refusal(String topic, TableInfo table) {
        AvroEventSchemas tableSchemas;
        try {
            tableSchemas = schemas(table);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a registry matter: encode fails, and the change is dead-lettered
        }
        TopicSchemas registered = subjects.compute(table, (t, known) -> known != null && known.topic().equals(topic)
                ? known : new TopicSchemas(topic, tableSchemas.key().toString(), tableSchemas.envelope().toString()));
        return registrar.refusal(registered);
    }

    @Override
    public Encoded encode(String topic, ChangeEvent event) {
        AvroEventSchemas schema = schemas(event.table());
        GenericRecord key = new GenericData.Record(schema.key());
        List<Schema.Field> keyFields = schema.key().getFields();
        for (int i = 0; i < keyFields.size(); i++) {
            ColumnInfo column = schema.keyColumns().get(i);
            key.put(i, value(column, event.key().get(column.name()), keyFields.get(i).schema()));
        }
        GenericRecord envelope = new GenericData.Record(schema.envelope());
        envelope.put("op", event.op());
        envelope.put("ts", event.ts());
        envelope.put("scope", event.scope());
        envelope.put("before", row(event.table(), schema, event.before()));
        envelope.put("after", row(event.table(), schema, event.after()));
        Schema sourceSchema = schema.envelope().getField("source").schema();
        GenericRecord source = new GenericData.Record(sourceSchema);
        source.put("keyspace", event.table().keyspace());
        source.put("table", event.table().name());
        source.put("nodes", event.source().nodes());
        source.put("positions", event.source().positions());
        source.put("writeTs", event.source().writeTs());
        source.put("snapshot", event.source().snapshot());
        envelope.put("source", source);
        envelope.put("schemaVersion", event.schemaVersion());
        if (event.range() != null) {
            GenericRecord range = new GenericData.Record(AvroValues.nonNull(schema.envelope().getField("range")
                    .schema()));
            range.put("start", event.range().start().clustering().toString());
            range.put("startInclusive", event.range().start().inclusive());
            range.put("end", event.range().end().clustering().toString());
            range.put("endInclusive", event.range().end().inclusive());
            envelope.put("range", range);
        }
        return new Encoded(keys.serialize(topic, key), values.serialize(topic, envelope));
    }

    private AvroEventSchemas schemas(TableInfo table) {
        return schemas.computeIfAbsent(table, t -> AvroEventSchemas.of(t, decimalPrecision, decimalScale));
    }

    private static GenericRecord row(TableInfo table, AvroEventSchemas schema, ObjectNode image) {
        if (image == null) {
            return null;
        }
        GenericRecord row = new GenericData.Record(schema.row());
        for (ColumnInfo column : table.columns()) {
            Schema.Field field = schema.row().getField(schema.field(column.name()));
            row.put(field.pos(), value(column, image.get(column.name()), field.schema()));
        }
        return row;
    }

    private static Object value(ColumnInfo column, JsonNode value, Schema schema) {
        if (value == null || value.isNull()) {
            if (schema.getType() != Schema.Type.UNION) {
                throw new IllegalArgumentException("column " + column.name()
                        + " has no value, and it is part of the partition key");
            }
            return null;
        }
        try {
            return AvroValues.nullable(column.type(), ValueOrder.toDriver(column.type(), value), schema,
                    column.name());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.type().asCql(false, true)
                    + "): value " + value + " cannot be written as Avro: " + e.getMessage(), e);
        }
    }
}
