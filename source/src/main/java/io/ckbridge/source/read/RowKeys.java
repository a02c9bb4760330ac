package io.ckbridge.source.read;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.util.List;

/** A row's primary key as stable text (CQL literals), kept in offsets to recognise rows already sent. */
final class RowKeys {
    private RowKeys() {
    }

    static String of(Row row, List<ColumnMetadata> keyColumns, int[] indexes) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            if (i > 0) {
                key.append(',');
            }
            ColumnMetadata column = keyColumns.get(i);
            key.append(CodecRegistry.DEFAULT.codecFor(column.getType()).format(row.getObject(indexes[i])));
        }
        return key.toString();
    }
}
