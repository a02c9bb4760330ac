package io.ckbridge.materializer.event.avro;

import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A table's change-event schemas in Avro, the same shape as the JSON events: the key (partition
 * key required, clustering columns optional: absent from partition, static and range events) and
 * the envelope (op, ts, scope, before and after as the table's row, source, schemaVersion, range).
 * Every row column is optional with default null, so a column added to the table is a new
 * version BACKWARD-compatible with the last; a dropped column too.
 *
 * @param keyColumns the columns of the key's fields, in their order
 */
public record AvroEventSchemas(Schema key, Schema row, Schema envelope, Map<String, String> fieldNames,
                               List<ColumnInfo> keyColumns) {

    /** Avro's names of the table's columns, which are CQL's where those are valid Avro names. */
    public String field(String column) {
        return fieldNames.get(column);
    }

    public static AvroEventSchemas of(TableInfo table, int decimalPrecision, int decimalScale) {
        AvroTypes types = new AvroTypes(decimalPrecision, decimalScale);
        String namespace = AvroNames.of(table.keyspace()) + "." + AvroNames.of(table.name());
        Map<String, String> names = new HashMap<>();
        List<Schema.Field> keyFields = new ArrayList<>();
        List<ColumnInfo> keyColumns = new ArrayList<>();
        List<Schema.Field> rowFields = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            String name = AvroNames.of(column.name());
            if (names.containsValue(name)) {
                throw new IllegalArgumentException("columns of " + table.qualifiedName() + " meet in one Avro name "
                        + name + " (Avro names allow letters, digits and _ only): rename " + column.name());
            }
            names.put(column.name(), name);
            Schema type = types.of(column.type(), namespace, name);
            switch (column.kind()) {
                case PARTITION_KEY -> keyFields.add(new Schema.Field(name, type));
                case CLUSTERING -> keyFields.add(new Schema.Field(name, AvroTypes.nullable(type), null,
                        Schema.Field.NULL_DEFAULT_VALUE));
                default -> { }
            }
            if (column.kind() == ColumnInfo.Kind.PARTITION_KEY || column.kind() == ColumnInfo.Kind.CLUSTERING) {
                keyColumns.add(column);
            }
            // Avro fields cannot be shared between records: the key's and the row's are two, of one type
            rowFields.add(new Schema.Field(name, AvroTypes.nullable(type), null, Schema.Field.NULL_DEFAULT_VALUE));
        }
        Schema key = Schema.createRecord("Key", null, namespace, false, keyFields);
        Schema row = Schema.createRecord("Value", null, namespace, false, rowFields);
        Schema envelope = Schema.createRecord("Envelope", "A change of a row of " + table.qualifiedName(), namespace,
                false, List.of(
                        new Schema.Field("op", Schema.create(Schema.Type.STRING),
                                "c (new row), u (update), d (delete), r (read by a snapshot)"),
                        new Schema.Field("ts", Schema.create(Schema.Type.LONG),
                                "the row's newest write time after the change, in microseconds"),
                        new Schema.Field("scope", Schema.create(Schema.Type.STRING), "row, static, partition or range"),
                        new Schema.Field("before", AvroTypes.nullable(row), null, Schema.Field.NULL_DEFAULT_VALUE),
                        new Schema.Field("after", AvroTypes.nullable(row), null, Schema.Field.NULL_DEFAULT_VALUE),
                        new Schema.Field("source", source()),
                        new Schema.Field("schemaVersion", AvroTypes.nullable(Schema.create(Schema.Type.STRING)), null,
                                Schema.Field.NULL_DEFAULT_VALUE),
                        new Schema.Field("range", AvroTypes.nullable(range()), null,
                                Schema.Field.NULL_DEFAULT_VALUE)));
        return new AvroEventSchemas(key, row, envelope, Map.copyOf(names), List.copyOf(keyColumns));
    }

    private static Schema source() {
        Schema strings = Schema.createArray(Schema.create(Schema.Type.STRING));
        return Schema.createRecord("Source", null, "io.ckbridge.cdc", false, List.of(
                new Schema.Field("keyspace", Schema.create(Schema.Type.STRING)),
                new Schema.Field("table", Schema.create(Schema.Type.STRING)),
                new Schema.Field("nodes", strings),
                new Schema.Field("positions", Schema.createArray(Schema.create(Schema.Type.STRING))),
                new Schema.Field("writeTs", Schema.create(Schema.Type.LONG)),
                new Schema.Field("snapshot", Schema.create(Schema.Type.BOOLEAN))));
    }

    private static Schema range() {
        return Schema.createRecord("Range", null, "io.ckbridge.cdc", false, List.of(
                new Schema.Field("start", Schema.create(Schema.Type.STRING)),
                new Schema.Field("startInclusive", Schema.create(Schema.Type.BOOLEAN)),
                new Schema.Field("end", Schema.create(Schema.Type.STRING)),
                new Schema.Field("endInclusive", Schema.create(Schema.Type.BOOLEAN))));
    }
}
