package io.ckbridge.sink.write;

import static io.ckbridge.sink.mapping.TestTables.table;
import static io.ckbridge.sink.mapping.TestTables.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.sink.SinkConfig.CollectionUpdate;
import io.ckbridge.sink.SinkConfig.WriteMode;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import org.junit.jupiter.api.Test;

class WriteCqlTest {
    private static final TableMetadata EVENTS = table("ks", "events").partitionKey("day", DataTypes.TEXT)
            .clustering("at", DataTypes.INT).staticColumn("total", DataTypes.BIGINT)
            .column("tags", DataTypes.listOf(DataTypes.TEXT)).build();

    private static TableMapping mapping(TableMetadata table, WriteMode mode, CollectionUpdate collections) {
        return TableMapping.resolve(target("t", table, null), table, mode, collections);
    }

    @Test
    void insertWritesEveryColumnWithTtlAndWriteTime() {
        WriteCql cql = WriteCql.of(mapping(EVENTS, WriteMode.INSERT, CollectionUpdate.REPLACE), RowWrite.Shape.FULL);

        assertThat(cql.text())
                .isEqualTo(
                        "INSERT INTO ks.events (day, at, total, tags) VALUES (?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?");
        assertThat(cql.slots()).containsExactly(0, 1, 2, 3, WriteCql.TTL, WriteCql.TIMESTAMP);
    }

    @Test
    void updateWithAppendAddsToCollections() {
        WriteCql cql = WriteCql.of(mapping(EVENTS, WriteMode.UPDATE, CollectionUpdate.APPEND), RowWrite.Shape.FULL);

        assertThat(cql.text())
                .isEqualTo(
                        "UPDATE ks.events USING TTL ? AND TIMESTAMP ? SET total = ?, tags = tags + ? WHERE day = ? AND "
                        + "at = ?");
        assertThat(cql.slots()).containsExactly(WriteCql.TTL, WriteCql.TIMESTAMP, 2, 3, 0, 1);
    }

    @Test
    void staticShapeWritesThePartitionOnly() {
        WriteCql cql = WriteCql.of(mapping(EVENTS, WriteMode.UPDATE, CollectionUpdate.REPLACE), RowWrite.Shape.STATIC);

        assertThat(cql.text()).isEqualTo("UPDATE ks.events USING TTL ? AND TIMESTAMP ? SET total = ? WHERE day = ?");
    }

    @Test
    void deleteIsByPrimaryKeyAtTheWriteTime() {
        WriteCql cql = WriteCql.of(mapping(EVENTS, WriteMode.INSERT, CollectionUpdate.REPLACE), RowWrite.Shape.DELETE);

        assertThat(cql.text()).isEqualTo("DELETE FROM ks.events USING TIMESTAMP ? WHERE day = ? AND at = ?");
        assertThat(cql.slots()).containsExactly(WriteCql.TIMESTAMP, 0, 1);
    }

    @Test
    void countersAreIncrementedWithoutTtlOrWriteTime() {
        TableMetadata hits = table("ks", "hits").partitionKey("page", DataTypes.TEXT).column("views", DataTypes.COUNTER)
                .build();

        WriteCql cql = WriteCql.of(mapping(hits, WriteMode.INSERT, CollectionUpdate.REPLACE), RowWrite.Shape.FULL);

        assertThat(cql.text()).isEqualTo("UPDATE ks.hits SET views = views + ? WHERE page = ?");
    }
}
