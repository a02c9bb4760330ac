package io.ckbridge.materializer.event;

import com.datastax.oss.protocol.internal.ProtocolConstants;
import io.ckbridge.common.types.FromCql;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Writes change events in Debezium's envelope, as its relational connectors do, so that
 * Debezium's own tooling reads them: the value a struct named {@code <topic>.Envelope} (schema
 * version 2) with {@code before} and {@code after} ({@code <topic>.Value}, plain column values),
 * {@code source}, {@code transaction} (null), {@code op} (c, u, d, r) and {@code ts_ms}/{@code ts_us}/
 * {@code ts_ns}; the key the primary key as {@code <topic>.Key}. A delete carries the row it
 * deleted in {@code before}, which Debezium's consumers need to recognise it. UUID columns carry
 * Debezium's {@code io.debezium.data.Uuid} name, so a JDBC sink makes them {@code uuid} columns.
 *
 * <p>Only row events are written: a partition's static row and the partition and range deletion
 * events have no place in a row-per-key model (each row such a deletion removed already has its
 * own {@code d} event), see {@link #writes(ChangeEvent)}.
 */
public final class DebeziumEventEncoder implements EventEncoder {
    static final String UUID_NAME = "io.debezium.data.Uuid";
    static final String CONNECTOR = "cassandra-kafka-bridge";
    static final String SNAPSHOT_ENUM = "io.debezium.data.Enum";
    private static final Schema SNAPSHOT = SchemaBuilder.string().optional().name(SNAPSHOT_ENUM).version(1)
            .parameter("allowed", "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
            .defaultValue("false").build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.ckbridge.cdc.debezium.Source")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SNAPSHOT)
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .field("keyspace", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("nodes", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("positions", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();
    private static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block").version(1).optional()
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    private final String prefix;
    private final String version;
    private final Clock clock;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();
    private final Map<String, Schemas> schemas = new ConcurrentHashMap<>();

    private record Schemas(TableInfo table, Schema key, Schema row, Schema envelope) {
    }

    /**
     * @param prefix  the topic prefix, Debezium's {@code source.name}
     * @param version ours, in {@code source.version}
     */
    public DebeziumEventEncoder(String prefix, String version, boolean schemasEnable, Clock clock) {
        this.prefix = prefix;
        this.version = version;
        this.clock = clock;
        Map<String, Object> settings = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, schemasEnable,
                JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG, 1000);
        keys.configure(settings, true);
        values.configure(settings, false);
    }

    @Override
    public boolean writes(ChangeEvent event) {
        return "row".equals(event.scope());
    }

    @Override
    public Encoded encode(String topic, ChangeEvent event) {
        Schemas schema = schemas.compute(topic, (name, known) -> known != null && known.table().equals(event.table())
                ? known : schemas(name, event.table()));
        Struct key = new Struct(schema.key());
        for (ColumnInfo column : event.table().columns()) {
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY || column.kind() == ColumnInfo.Kind.CLUSTERING) {
                key.put(column.name(), JsonEventEncoder.connect(column, event.key().get(column.name()),
                        schema.key().field(column.name()).schema()));
            }
        }
        long nowMicros = clock.millis() * 1000;
        long writeMicros = event.source().writeTs();
        Struct source = new Struct(SOURCE)
                .put("version", version)
                .put("connector", CONNECTOR)
                .put("name", prefix)
                .put("ts_ms", writeMicros / 1000)
                .put("snapshot", Boolean.toString(event.source().snapshot()))
                .put("db", event.table().keyspace())
                .put("ts_us", writeMicros)
                .put("ts_ns", writeMicros * 1000)
                .put("keyspace", event.table().keyspace())
                .put("table", event.table().name())
                .put("nodes", event.source().nodes())
                .put("positions", event.source().positions());
        Struct envelope = new Struct(schema.envelope())
                .put("before", JsonEventEncoder.row(event.table(), event.before(), schema.row()))
                .put("after", JsonEventEncoder.row(event.table(), event.after(), schema.row()))
                .put("source", source)
                .put("op", event.op())
                .put("ts_ms", nowMicros / 1000)
                .put("ts_us", nowMicros)
                .put("ts_ns", nowMicros * 1000);
        return new Encoded(keys.fromConnectData(topic, schema.key(), key),
                values.fromConnectData(topic, schema.envelope(), envelope));
    }

    private static Schemas schemas(String topic, TableInfo table) {
        SchemaBuilder key = SchemaBuilder.struct().name(topic + ".Key");
        SchemaBuilder row = SchemaBuilder.struct().name(topic + ".Value").optional();
        for (ColumnInfo column : table.columns()) {
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY || column.kind() == ColumnInfo.Kind.CLUSTERING) {
                key.field(column.name(), schema(column, false));
            }
            row.field(column.name(), schema(column, true));
        }
        Schema rowSchema = row.build();
        Schema envelope = SchemaBuilder.struct().name(topic + ".Envelope").version(2)
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", SOURCE)
                .field("transaction", TRANSACTION)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        return new Schemas(table, key.build(), rowSchema, envelope);
    }

    /** Our CQL to Connect mapping, with Debezium's name on UUIDs. */
    private static Schema schema(ColumnInfo column, boolean optional) {
        int code = column.type().getProtocolCode();
        if (code == ProtocolConstants.DataType.UUID || code == ProtocolConstants.DataType.TIMEUUID) {
            SchemaBuilder uuid = SchemaBuilder.string().name(UUID_NAME).version(1);
            return optional ? uuid.optional().build() : uuid.build();
        }
        return FromCql.schema(column.type(), optional);
    }
}
