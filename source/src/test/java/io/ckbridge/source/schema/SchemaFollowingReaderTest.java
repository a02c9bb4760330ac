package io.ckbridge.source.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.internal.core.metadata.schema.DefaultColumnMetadata;
import com.datastax.oss.driver.internal.core.metadata.schema.DefaultTableMetadata;
import io.ckbridge.source.read.RecordSchemas;
import io.ckbridge.source.read.ResolvedRoute;
import io.ckbridge.source.read.TableReader;
import io.ckbridge.source.route.TableRoute;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SchemaFollowingReaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private static final SourceRecord ROW = new SourceRecord(Map.of(), Map.of(), "t-topic", Schema.STRING_SCHEMA, "r");

    private final AtomicReference<Optional<TableMetadata>> current = new AtomicReference<>();
    /** What a look at the cluster's schema finds (the driver's metadata lagging behind until then). */
    private final AtomicReference<Optional<TableMetadata>> next = new AtomicReference<>();
    private int looks;
    private final List<String> refusals = new ArrayList<>();
    private final SchemaCheck check = schemas -> refusals.isEmpty() ? Optional.empty()
            : Optional.of(refusals.get(0));

    @Test
    void aColumnAddedReroutesTheReaderWhichReadsOnWithoutARestart() {
        TableMetadata before = table(Map.of("v", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), before));
        SchemaFollowingReader reader = following(inner, before);
        assertThat(reader.read()).containsExactly(ROW);

        current.set(Optional.of(table(Map.of("v", DataTypes.INT, "note", DataTypes.TEXT))));
        assertThat(reader.read()).containsExactly(ROW);

        assertThat(inner.reroutes).hasSize(1);
        assertThat(inner.reroutes.get(0).valueColumns()).extracting(c -> c.getName().asInternal())
                .containsExactlyInAnyOrder("id", "v", "note");
        assertThat(inner.reads).isEqualTo(2);
    }

    @Test
    void newMetadataWithTheSameColumnsLeavesTheReaderAsItWas() {
        TableMetadata before = table(Map.of("v", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), before));
        SchemaFollowingReader reader = following(inner, before);
        current.set(Optional.of(table(Map.of("v", DataTypes.INT))));

        reader.read();

        assertThat(inner.reroutes).isEmpty();
        assertThat(inner.reads).isEqualTo(1);
    }

    @Test
    void aRefusedSchemaHoldsTheTableWithABackoffAndReadingResumesOnceAccepted() {
        TableMetadata table = table(Map.of("v", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), table));
        SchemaFollowingReader reader = following(inner, table);
        refusals.add("the schema registry refuses the new schema of subject t-topic-value (HTTP 409): Incompatible");

        assertThat(reader.read()).isEmpty();
        assertThat(reader.heldBecause()).hasValueSatisfying(reason -> assertThat(reason).contains("t-topic-value",
                "Incompatible"));
        assertThat(reader.nextDueMillis()).isEqualTo(CLOCK.millis() + 1_000);
        reader.read();
        assertThat(reader.nextDueMillis()).as("the retry backs off").isEqualTo(CLOCK.millis() + 2_000);
        assertThat(inner.reads).as("nothing read while held: the rows wait in Cassandra").isZero();

        refusals.clear();
        assertThat(reader.read()).containsExactly(ROW);
        assertThat(reader.heldBecause()).isEmpty();
        assertThat(reader.nextDueMillis()).isEqualTo(inner.nextDueMillis());
    }

    @Test
    void aTableDroppedHoldsItsRouteUntilItIsThereAgain() {
        TableMetadata table = table(Map.of("v", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), table));
        SchemaFollowingReader reader = following(inner, table);
        current.set(Optional.empty());

        assertThat(reader.read()).isEmpty();
        assertThat(reader.heldBecause()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("table ks.t does not exist", "cassandra.source.tables"));

        current.set(Optional.of(table));
        assertThat(reader.read()).containsExactly(ROW);
    }

    @Test
    void aSelectedColumnDroppedHoldsTheRouteNamingTheColumn() {
        TableMetadata table = table(Map.of("v", DataTypes.INT, "w", DataTypes.INT));
        TableRoute configured = new TableRoute("ks", "t", "t-topic", List.of("v", "w"), List.of(), Optional.empty(),
                TableRoute.ReadMode.BULK, false, "cassandra.source.columns");
        FakeReader inner = new FakeReader(ResolvedRoute.resolve(configured, table));
        SchemaFollowingReader reader = following(inner, table);
        current.set(Optional.of(table(Map.of("v", DataTypes.INT))));

        assertThat(reader.read()).isEmpty();
        assertThat(reader.heldBecause()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("has no column w", "cassandra.source.columns"));
        assertThat(inner.reroutes).isEmpty();
    }

    @Test
    void aQueryFailingOnAColumnDroppedSinceTheLastLookReroutesInsteadOfFailingTheTask() {
        TableMetadata before = table(Map.of("v", DataTypes.INT, "w", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), before));
        SchemaFollowingReader reader = following(inner, before);
        next.set(Optional.of(table(Map.of("v", DataTypes.INT))));
        inner.failures.add(new InvalidQueryException(null, "Undefined column name w in table ks.t"));

        assertThat(reader.read()).isEmpty();
        assertThat(looks).isEqualTo(1);
        assertThat(inner.reroutes).singleElement().satisfies(route -> assertThat(route.valueColumns())
                .extracting(c -> c.getName().asInternal()).containsExactlyInAnyOrder("id", "v"));
        assertThat(reader.heldBecause()).isEmpty();
        assertThat(reader.read()).containsExactly(ROW);
    }

    @Test
    void aQueryFailingWhileTheTableIsUnchangedIsTheTasksFailure() {
        TableMetadata table = table(Map.of("v", DataTypes.INT));
        FakeReader inner = new FakeReader(route(allColumns(), table));
        SchemaFollowingReader reader = following(inner, table);
        inner.failures.add(new InvalidQueryException(null, "unauthorized or worse"));

        assertThatThrownBy(reader::read).isInstanceOf(InvalidQueryException.class);
        assertThat(inner.reroutes).isEmpty();
    }

    private SchemaFollowingReader following(FakeReader inner, TableMetadata table) {
        current.set(Optional.of(table));
        next.set(Optional.of(table));
        Tables tables = new Tables() {
            @Override
            public Optional<TableMetadata> table(TableRoute route) {
                return current.get();
            }

            @Override
            public void lookAgain() {
                looks++;
                current.set(next.get());
            }
        };
        return new SchemaFollowingReader("c", inner, tables, check, CLOCK);
    }

    private static TableRoute allColumns() {
        return new TableRoute("ks", "t", "t-topic", List.of(), List.of(), Optional.empty(), TableRoute.ReadMode.BULK,
                false, "cassandra.source.tables");
    }

    private static ResolvedRoute route(TableRoute configured, TableMetadata table) {
        return ResolvedRoute.resolve(configured, table);
    }

    private static TableMetadata table(Map<String, DataType> values) {
        CqlIdentifier ks = CqlIdentifier.fromInternal("ks");
        CqlIdentifier name = CqlIdentifier.fromInternal("t");
        ColumnMetadata id = new DefaultColumnMetadata(ks, name, CqlIdentifier.fromInternal("id"), DataTypes.INT,
                false);
        Map<CqlIdentifier, ColumnMetadata> columns = new LinkedHashMap<>();
        columns.put(id.getName(), id);
        values.forEach((column, type) -> columns.put(CqlIdentifier.fromInternal(column),
                new DefaultColumnMetadata(ks, name, CqlIdentifier.fromInternal(column), type, false)));
        return new DefaultTableMetadata(ks, name, null, false, false, List.of(id), Map.of(), columns, Map.of(),
                Map.of());
    }

    private static final class FakeReader implements TableReader {
        private ResolvedRoute route;
        private final List<ResolvedRoute> reroutes = new ArrayList<>();
        private final List<RuntimeException> failures = new ArrayList<>();
        private int reads;

        FakeReader(ResolvedRoute route) {
            this.route = route;
        }

        @Override
        public List<SourceRecord> read() {
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            reads++;
            return List.of(ROW);
        }

        @Override
        public long nextDueMillis() {
            return 42;
        }

        @Override
        public String describe() {
            return route.qualifiedName();
        }

        @Override
        public ResolvedRoute route() {
            return route;
        }

        @Override
        public void reroute(ResolvedRoute next) {
            route = next;
            reroutes.add(next);
        }

        @Override
        public RecordSchemas schemas() {
            return new RecordSchemas("t-topic", Schema.INT32_SCHEMA, Schema.STRING_SCHEMA);
        }
    }
}
