package io.ckbridge.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.sink.mapping.RecordMappingException;
import io.ckbridge.sink.mapping.RecordView;
import io.ckbridge.sink.mapping.TopicTableSettings;
import io.ckbridge.sink.write.FakeSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SchemaManagerTest {
    private static final TopicTableSettings TARGET = new TopicTableSettings("events", "ks", "events",
            Optional.empty(), Optional.empty(), TimeUnit.SECONDS, TimeUnit.MICROSECONDS, true, true, Optional.empty());

    private final FakeSession cassandra = new FakeSession(); // knows no table: each must be created
    private final SchemaManager schema = new SchemaManager(cassandra.session(), true);

    private static RecordView record(Schema keySchema, Object key) {
        return new RecordView(new SinkRecord("events", 0, keySchema, key, null, Map.of("kind", "k"), 7));
    }

    @Test
    void aRecordWithoutAKeyCannotCreateTheTableAndIsABadRecord() {
        assertThatThrownBy(() -> schema.tableFor(TARGET, record(null, null)))
                .isInstanceOf(RecordMappingException.class)
                .hasMessageStartingWith("cannot create table ks.events from this record: it has no key")
                .hasMessageContaining("create the table yourself");
        assertThat(cassandra.ddl()).as("no CREATE TABLE without a primary key").isEmpty();
    }

    @Test
    void aKeyWithoutFieldsCannotCreateTheTableEither() {
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("id", null);
        Schema empty = SchemaBuilder.struct().build();

        for (RecordView record : new RecordView[] {record(null, Map.of()), record(null, nulls),
                record(empty, new Struct(empty)), record(Schema.STRING_SCHEMA, "{}")}) {
            assertThatThrownBy(() -> schema.tableFor(TARGET, record))
                    .isInstanceOf(RecordMappingException.class)
                    .hasMessageContaining("its key has no fields with a value");
        }
        assertThat(cassandra.ddl()).isEmpty();
    }

    @Test
    void aKeyedRecordCreatesTheTableWithTheKeyAsPrimaryKey() {
        // the fake cluster's metadata never shows the table, so the look-up after creating it fails
        assertThatThrownBy(() -> schema.tableFor(TARGET, record(null, Map.of("id", 1L))))
                .hasMessageContaining("was created but is not in the driver's schema metadata");

        assertThat(cassandra.ddl()).containsExactly(
                "CREATE TABLE IF NOT EXISTS ks.events (id bigint, kind text, PRIMARY KEY ((id)))");
    }
}
