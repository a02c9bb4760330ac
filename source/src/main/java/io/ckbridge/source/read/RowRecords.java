package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.common.types.FromCql;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns rows into Kafka records: the key is a struct of the primary key, the value a struct of
 * the route's columns (or, unwrapped, the one column's value alone).
 */
final class RowRecords {
    private final ResolvedRoute route;
    private final Schema keySchema;
    private final Schema valueSchema;
    private final boolean hasDecimals;
    private final RecordSchemas schemas;
    private final int[] keyIndexes;
    private final int[] valueIndexes;

    RowRecords(ResolvedRoute route) {
        this.route = route;
        String name = route.table().getKeyspace().asInternal() + "." + route.table().getName().asInternal();
        SchemaBuilder key = SchemaBuilder.struct().name(name + ".Key");
        for (ColumnMetadata column : route.keyColumns()) {
            key.field(column.getName().asInternal(), FromCql.schema(column.getType(), false));
        }
        this.keySchema = key.build();
        this.valueSchema = route.route().unwrap()
                ? FromCql.schema(route.valueColumns().get(0).getType(), false)
                : valueStruct(name, route.valueColumns());
        this.schemas = new RecordSchemas(route.route().topic(), keySchema, valueSchema);
        this.hasDecimals = route.valueColumns().stream().anyMatch(column -> column.getType().equals(DataTypes.DECIMAL));
        // rows come from SELECT <route.selected()>: a column's index is its place in that list
        List<ColumnMetadata> selected = route.selected();
        this.keyIndexes = route.keyColumns().stream().mapToInt(selected::indexOf).toArray();
        this.valueIndexes = route.valueColumns().stream().mapToInt(selected::indexOf).toArray();
    }

    RecordSchemas schemas() {
        return schemas;
    }

    /** Value columns may all be null (a row holding only some of them), so every field is optional. */
    private static Schema valueStruct(String name, List<ColumnMetadata> columns) {
        SchemaBuilder value = SchemaBuilder.struct().name(name + ".Value");
        for (ColumnMetadata column : columns) {
            value.field(column.getName().asInternal(), column.getType().equals(DataTypes.DECIMAL)
                    ? FromCql.decimalSchema(0, true) : FromCql.schema(column.getType(), true));
        }
        return value.build();
    }

    SourceRecord record(Row row, Map<String, ?> partition, Map<String, ?> offset) {
        Struct key = new Struct(keySchema);
        List<ColumnMetadata> keyColumns = route.keyColumns();
        for (int i = 0; i < keyColumns.size(); i++) {
            ColumnMetadata column = keyColumns.get(i);
            key.put(keySchema.fields().get(i), FromCql.value(row, keyIndexes[i], column.getType(), keySchema.fields()
                    .get(i).schema()));
        }
        Schema schema;
        Object value;
        if (route.route().unwrap()) {
            ColumnMetadata column = route.valueColumns().get(0);
            value = FromCql.value(row, valueIndexes[0], column.getType(), valueSchema);
            schema = value == null ? FromCql.schema(column.getType(), true) : valueSchema;
            if (value != null && column.getType().equals(DataTypes.DECIMAL)) {
                BigDecimal decimal = row.getBigDecimal(valueIndexes[0]);
                schema = FromCql.decimalSchema(decimal.scale(), false);
                value = decimal;
            }
        } else {
            schema = hasDecimals ? schemaFor(row) : valueSchema;
            Struct struct = new Struct(schema);
            List<ColumnMetadata> valueColumns = route.valueColumns();
            for (int i = 0; i < valueColumns.size(); i++) {
                ColumnMetadata column = valueColumns.get(i);
                int index = valueIndexes[i];
                org.apache.kafka.connect.data.Field field = schema.fields().get(i);
                if (column.getType().equals(DataTypes.DECIMAL)) {
                    struct.put(field, row.isNull(index) ? null : row.getBigDecimal(index));
                } else {
                    struct.put(field, FromCql.value(row, index, column.getType(), field.schema()));
                }
            }
            value = struct;
        }
        return new SourceRecord(partition, offset, route.route().topic(), null, keySchema, key, schema, value);
    }

    /** Decimal columns carry the scale of this row's value in their schema. */
    private Schema schemaFor(Row row) {
        SchemaBuilder value = SchemaBuilder.struct().name(valueSchema.name());
        List<ColumnMetadata> valueColumns = route.valueColumns();
        for (int i = 0; i < valueColumns.size(); i++) {
            ColumnMetadata column = valueColumns.get(i);
            String name = column.getName().asInternal();
            if (column.getType().equals(DataTypes.DECIMAL)) {
                BigDecimal decimal = row.isNull(valueIndexes[i]) ? null : row.getBigDecimal(valueIndexes[i]);
                value.field(name, FromCql.decimalSchema(decimal == null ? 0 : decimal.scale(), true));
            } else {
                value.field(name, valueSchema.fields().get(i).schema());
            }
        }
        return value.build();
    }
}
