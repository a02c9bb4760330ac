package io.ckbridge.cdc.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.cdc.OfflineCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.Clustering;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.context.CounterContext;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.BTreeRow;
import org.apache.cassandra.db.rows.BufferCell;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.CounterId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of change CdcChangeKindsIT checks on a real node, decoded here from the mutation
 * Cassandra's own CQL code makes for the statement: the same assertions, in milliseconds.
 */
class MutationDecoderTest {
    private static final String KS = "decoder_kinds";
    private static final long WRITTEN_AT = 1_795_648_924_424_531L;
    private static final long NOW = 1_795_648_924L;
    private static final long SEGMENT = 1_795_648_891_458L;
    private static final int POSITION = 214_979;
    private static final String TIMEUUID = "[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutationDecoder decoder = new MutationDecoder("10.0.0.7");

    @BeforeAll
    static void schema() {
        OfflineCassandra.schema(KS,
                "CREATE TYPE address (street text, zip int)",
                "CREATE TABLE things (pk int, ck int, s text STATIC, v text, n int, tags set<text>, items list<int>, "
                        + "attrs map<text, int>, home address, fixed frozen<address>, PRIMARY KEY ((pk), ck)) "
                        + "WITH cdc = true",
                "CREATE TABLE hits (page text PRIMARY KEY, views counter) WITH cdc = true",
                "CREATE TABLE quiet (id int PRIMARY KEY, v text)",
                "CREATE TABLE accounts (tenant text, \"odd \"\"id\"\"\" int, ck text, v text, "
                        + "PRIMARY KEY ((tenant, \"odd \"\"id\"\"\"), ck)) WITH cdc = true",
                "CREATE TABLE evolving (id int PRIMARY KEY, v text) WITH cdc = true",
                "CREATE TABLE newest_first (pk int, ck int, v text, PRIMARY KEY (pk, ck)) "
                        + "WITH CLUSTERING ORDER BY (ck DESC) AND cdc = true",
                "CREATE TABLE odd_names (\"back\\slash\" int PRIMARY KEY, v text) WITH cdc = true");
    }

    @Test
    void anInsertCarriesTheRowsLivenessCellsTtlAndItsIdentity() {
        RawChangeRecord record = single(mutation("INSERT INTO things (pk, ck, v, n, fixed) "
                + "VALUES (1, 10, 'hello', 7, {street: 'Main', zip: 1234}) USING TTL 600"));
        JsonNode change = parse(record.value());

        assertThat(change.path("v").asInt()).isEqualTo(1);
        assertThat(change.path("node").asText()).isEqualTo("10.0.0.7");
        assertThat(change.path("keyspace").asText()).isEqualTo(KS);
        assertThat(change.path("table").asText()).isEqualTo("things");
        assertThat(change.path("tableId").asText()).isEqualTo(table("things").id.asUUID().toString());
        assertThat(change.path("segment").asLong()).isEqualTo(SEGMENT);
        assertThat(change.path("position").asInt()).isEqualTo(POSITION);
        assertThat(change.path("digest").asText()).matches("[0-9a-f]{32}");
        assertThat(change.path("schemaVersion").asText()).matches("[0-9a-f]{16}");
        assertThat(change.path("key").toString()).isEqualTo("{\"pk\":1}");
        assertThat(new String(record.key(), UTF_8)).isEqualTo("{\"pk\":1}");
        assertThat(record.keyspace()).isEqualTo(KS);
        assertThat(record.table()).isEqualTo("things");
        assertThat(record.writeTimeMicros()).isEqualTo(WRITTEN_AT);
        assertThat(change.has("partitionDeletion")).isFalse();
        assertThat(change.has("rangeDeletions")).isFalse();

        assertThat(change.path("rows")).hasSize(1);
        JsonNode row = change.path("rows").get(0);
        assertThat(row.path("static").asBoolean()).isFalse();
        assertThat(row.path("clustering").toString()).isEqualTo("{\"ck\":10}");
        assertThat(row.path("liveness").toString())
                .isEqualTo("{\"ts\":" + WRITTEN_AT + ",\"ttl\":600,\"expiresAt\":" + (NOW + 600) + "}");
        assertThat(row.has("deletion")).isFalse();
        assertThat(row.has("cleared")).isFalse();
        assertThat(row.path("cells")).extracting(cell -> cell.path("column").asText())
                .containsExactlyInAnyOrder("v", "n", "fixed");
        assertThat(cell(row, "v").toString()).isEqualTo("{\"column\":\"v\",\"ts\":" + WRITTEN_AT
                + ",\"value\":\"hello\",\"ttl\":600,\"expiresAt\":" + (NOW + 600) + "}");
        assertThat(cell(row, "n").path("value").asInt()).isEqualTo(7);
        assertThat(cell(row, "n").path("ttl").asInt()).isEqualTo(600);
        assertThat(cell(row, "fixed").path("value").toString()).isEqualTo("{\"street\":\"Main\",\"zip\":1234}");
        assertThat(cell(row, "fixed").has("path")).as("a frozen UDT is one cell").isFalse();
    }

    @Test
    void anUpdateWritesCellsWithoutARowMarker() {
        JsonNode row = onlyRow(change("UPDATE things SET v = 'x' WHERE pk = 2 AND ck = 1"));

        assertThat(row.has("liveness")).as("an UPDATE creates no row marker").isFalse();
        assertThat(row.path("clustering").toString()).isEqualTo("{\"ck\":1}");
        assertThat(cell(row, "v").toString()).isEqualTo("{\"column\":\"v\",\"ts\":" + WRITTEN_AT + ",\"value\":\"x\"}");
    }

    @Test
    void aStaticColumnsUpdateIsTheStaticRowWithoutClustering() {
        JsonNode row = onlyRow(change("UPDATE things SET s = 'shared' WHERE pk = 2"));

        assertThat(row.path("static").asBoolean()).isTrue();
        assertThat(row.has("clustering")).isFalse();
        assertThat(cell(row, "s").path("value").asText()).isEqualTo("shared");
    }

    @Test
    void aDeletedCellIsATombstoneWithoutValue() {
        JsonNode deleted = cell(onlyRow(change("DELETE v FROM things WHERE pk = 2 AND ck = 1")), "v");

        assertThat(deleted.path("tombstone").asBoolean()).isTrue();
        assertThat(deleted.path("ts").asLong()).isEqualTo(WRITTEN_AT);
        assertThat(deleted.path("deletedAt").asLong()).isEqualTo(NOW);
        assertThat(deleted.has("value")).isFalse();
    }

    @Test
    void aRowDeletionCarriesItsTimeAndClustering() {
        JsonNode row = onlyRow(change("DELETE FROM things WHERE pk = 3 AND ck = 5"));

        assertThat(row.path("clustering").toString()).isEqualTo("{\"ck\":5}");
        assertThat(row.path("deletion").toString()).isEqualTo("{\"ts\":" + WRITTEN_AT + ",\"deletedAt\":" + NOW + "}");
        assertThat(row.path("cells")).isEmpty();
    }

    @Test
    void aRangeDeletionCarriesBothBoundsAndWhetherTheyAreIncluded() {
        JsonNode change = change("DELETE FROM things WHERE pk = 3 AND ck >= 10 AND ck < 20");

        assertThat(change.path("rangeDeletions")).hasSize(1);
        JsonNode range = change.path("rangeDeletions").get(0);
        assertThat(range.path("start").toString()).isEqualTo("{\"clustering\":{\"ck\":10},\"inclusive\":true}");
        assertThat(range.path("end").toString()).isEqualTo("{\"clustering\":{\"ck\":20},\"inclusive\":false}");
        assertThat(range.path("ts").asLong()).isEqualTo(WRITTEN_AT);
        assertThat(range.path("deletedAt").asLong()).isEqualTo(NOW);
        assertThat(change.path("rows")).isEmpty();
    }

    @Test
    void anOpenEndedRangeHasAnEmptyClusteringOnItsOpenSide() {
        JsonNode range = change("DELETE FROM things WHERE pk = 3 AND ck > 30").path("rangeDeletions").get(0);

        assertThat(range.path("start").toString()).isEqualTo("{\"clustering\":{\"ck\":30},\"inclusive\":false}");
        // an empty prefix, inclusive: every clustering after the start, as the materializer reads it
        assertThat(range.path("end").toString()).isEqualTo("{\"clustering\":{},\"inclusive\":true}");
    }

    @Test
    void aRangeOnADescendingClusteringRunsInTheTablesOrder() {
        JsonNode range = change("DELETE FROM newest_first WHERE pk = 3 AND ck >= 10 AND ck < 20")
                .path("rangeDeletions").get(0);

        // bounds in clustering order, as the materializer compares them: the larger value first
        assertThat(range.path("start").toString()).isEqualTo("{\"clustering\":{\"ck\":20},\"inclusive\":false}");
        assertThat(range.path("end").toString()).isEqualTo("{\"clustering\":{\"ck\":10},\"inclusive\":true}");
    }

    @Test
    void aPartitionDeletionHasNoRows() {
        JsonNode change = change("DELETE FROM things WHERE pk = 3");

        assertThat(change.path("partitionDeletion").toString())
                .isEqualTo("{\"ts\":" + WRITTEN_AT + ",\"deletedAt\":" + NOW + "}");
        assertThat(change.path("rows")).isEmpty();
        assertThat(change.has("rangeDeletions")).isFalse();
    }

    @Test
    void replacedCollectionsAreClearedJustBeforeTheirNewElements() {
        JsonNode row = onlyRow(change("UPDATE things SET tags = {'a', 'b'}, items = [1], attrs = {'k': 1} "
                + "WHERE pk = 4 AND ck = 1"));

        assertThat(row.path("cleared")).extracting(cleared -> cleared.path("column").asText())
                .containsExactlyInAnyOrder("tags", "items", "attrs");
        for (JsonNode cleared : row.path("cleared")) {
            assertThat(cleared.path("ts").asLong()).isEqualTo(WRITTEN_AT - 1);
            assertThat(cleared.path("deletedAt").asLong()).isEqualTo(NOW);
        }
        assertThat(cells(row, "tags")).extracting(cell -> cell.path("path").asText())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(cells(row, "tags")).allSatisfy(cell -> {
            assertThat(cell.has("value")).isTrue();
            assertThat(cell.path("value").isNull()).as("a set element is its path").isTrue();
        });
        assertThat(cell(row, "items").path("path").asText()).matches(TIMEUUID);
        assertThat(cell(row, "items").path("value").asInt()).isEqualTo(1);
        assertThat(cell(row, "attrs").path("path").asText()).isEqualTo("k");
        assertThat(cell(row, "attrs").path("value").asInt()).isEqualTo(1);
    }

    @Test
    void aReplacedUserTypeIsClearedAndItsFieldsAreElements() {
        JsonNode row = onlyRow(change("UPDATE things SET home = {street: 'Elm', zip: 5} WHERE pk = 4 AND ck = 1"));

        assertThat(row.path("cleared")).extracting(cleared -> cleared.path("column").asText()).containsExactly("home");
        assertThat(cells(row, "home")).extracting(cell -> cell.path("path").asText() + "=" + cell.path("value"))
                .containsExactlyInAnyOrder("street=\"Elm\"", "zip=5");
    }

    @Test
    void appendedElementsKeepTheEarlierOnes() {
        JsonNode row = onlyRow(change("UPDATE things SET tags = tags + {'c'}, items = items + [2], attrs['j'] = 2, "
                + "home.zip = 99 WHERE pk = 4 AND ck = 1"));

        assertThat(row.has("cleared")).as("appending keeps the elements").isFalse();
        assertThat(cell(row, "tags").path("path").asText()).isEqualTo("c");
        assertThat(cell(row, "items").path("value").asInt()).isEqualTo(2);
        assertThat(cell(row, "items").path("path").asText()).matches(TIMEUUID);
        assertThat(cell(row, "attrs").path("path").asText()).isEqualTo("j");
        assertThat(cell(row, "attrs").path("value").asInt()).isEqualTo(2);
        assertThat(cell(row, "home").path("path").asText()).isEqualTo("zip");
        assertThat(cell(row, "home").path("value").asInt()).isEqualTo(99);
    }

    @Test
    void removedElementsAreTombstonesAtTheirPath() {
        JsonNode row = onlyRow(change("UPDATE things SET tags = tags - {'a'}, attrs = attrs - {'k'} "
                + "WHERE pk = 4 AND ck = 1"));

        assertThat(row.has("cleared")).isFalse();
        assertThat(cell(row, "tags").path("path").asText()).isEqualTo("a");
        assertThat(cell(row, "tags").path("tombstone").asBoolean()).isTrue();
        assertThat(cell(row, "attrs").path("path").asText()).isEqualTo("k");
        assertThat(cell(row, "attrs").path("tombstone").asBoolean()).isTrue();
        assertThat(cell(row, "attrs").has("value")).isFalse();
    }

    @Test
    void settingAListElementByIndexWritesThatElementsId() {
        // items[0] = 10 makes a node read the list for element 0's id: built here as the node logs it
        Mutation replaced = mutation("UPDATE things SET items = [1] WHERE pk = 4 AND ck = 1");
        Cell<?> element = BufferCell.live(column("things", "items"), WRITTEN_AT, Int32Type.instance.decompose(10),
                onlyCell(replaced, "things", "items").path());

        JsonNode set = onlyRow(parse(single(singleCell("things", Int32Type.instance.decompose(4),
                Clustering.make(Int32Type.instance.decompose(1)), element)).value()));
        JsonNode original = cell(onlyRow(parse(single(replaced).value())), "items");

        assertThat(set.has("cleared")).isFalse();
        assertThat(cell(set, "items").path("value").asInt()).isEqualTo(10);
        assertThat(cell(set, "items").path("path")).isEqualTo(original.path("path"));
    }

    @Test
    void aCounterCarriesItsTotal() {
        // a node logs a counter update once it has read the counter: its cell holds the new total
        Cell<?> total = BufferCell.live(column("hits", "views"), WRITTEN_AT,
                CounterContext.instance().createGlobal(CounterId.fromInt(1), 3, 5));

        RawChangeRecord record = single(singleCell("hits", UTF8Type.instance.decompose("/home"), Clustering.EMPTY,
                total));

        assertThat(new String(record.key(), UTF_8)).isEqualTo("{\"page\":\"/home\"}");
        assertThat(cell(onlyRow(parse(record.value())), "views").path("value").asLong()).isEqualTo(5);
    }

    @Test
    void aTableWithoutCdcIsLeftOut() {
        Mutation quiet = mutation("INSERT INTO quiet (id, v) VALUES (1, 'not captured')");

        assertThat(decoder.decode(quiet, SEGMENT, POSITION)).as("a table without cdc = true").isEmpty();
    }

    @Test
    void aCompositeKeyIsOneJsonObjectWithEveryColumnEscaped() {
        RawChangeRecord record = single(mutation("INSERT INTO accounts (tenant, \"odd \"\"id\"\"\", ck, v) "
                + "VALUES ('say \"hi\" \\ ''ünï''', 3, 'c\"k', 'v')"));

        JsonNode key = parse(record.key());
        assertThat(key.path("tenant").asText()).isEqualTo("say \"hi\" \\ 'ünï'");
        assertThat(key.path("odd \"id\"").asInt()).isEqualTo(3);
        assertThat(key.fieldNames()).toIterable().containsExactly("tenant", "odd \"id\"");
        JsonNode change = parse(record.value());
        assertThat(change.path("key")).isEqualTo(key);
        assertThat(onlyRow(change).path("clustering").path("ck").asText()).isEqualTo("c\"k");
    }

    @Test
    void aKeyColumnsNameIsEscapedLikeAnyJsonString() {
        RawChangeRecord record = single(mutation("INSERT INTO odd_names (\"back\\slash\", v) VALUES (1, 'v')"));

        assertThat(parse(record.key()).path("back\\slash").asInt()).isEqualTo(1);
        assertThat(parse(record.value()).path("key").path("back\\slash").asInt()).isEqualTo(1);
    }

    @Test
    void theDigestIsTheSameForTheSameWriteOnEveryReplicaAndDiffersForAnotherValue() {
        String write = "UPDATE things SET v = 'same' WHERE pk = 5 AND ck = 1";
        String first = parse(single(mutation(write)).value()).path("digest").asText();
        JsonNode onAnotherNode = parse(new MutationDecoder("10.0.0.8").decode(mutation(write), SEGMENT + 9, 77)
                .get(0).value());
        String otherValue = parse(single(mutation("UPDATE things SET v = 'other' WHERE pk = 5 AND ck = 1")).value())
                .path("digest").asText();

        assertThat(onAnotherNode.path("digest").asText()).isEqualTo(first);
        assertThat(otherValue).isNotEqualTo(first);
    }

    @Test
    void theSchemaVersionChangesWhenAColumnIsAdded() {
        String before = change("INSERT INTO evolving (id, v) VALUES (1, 'a')").path("schemaVersion").asText();
        String again = change("INSERT INTO evolving (id, v) VALUES (2, 'b')").path("schemaVersion").asText();
        String fromAnotherDecoder = parse(new MutationDecoder("10.0.0.8")
                .decode(mutation("INSERT INTO evolving (id, v) VALUES (3, 'c')"), SEGMENT, POSITION).get(0).value())
                .path("schemaVersion").asText();

        OfflineCassandra.schema(KS, "ALTER TABLE evolving ADD w int");
        JsonNode altered = change("INSERT INTO evolving (id, v) VALUES (4, 'd')");

        assertThat(again).isEqualTo(before);
        assertThat(fromAnotherDecoder).as("a hash of the table, not of the decoder").isEqualTo(before);
        assertThat(altered.path("schemaVersion").asText()).isNotEqualTo(before);
        assertThat(altered.path("tableId").asText()).isEqualTo(table("evolving").id.asUUID().toString());
    }

    private static Mutation mutation(String statement) {
        return OfflineCassandra.mutation(KS, statement, WRITTEN_AT, NOW);
    }

    private RawChangeRecord single(Mutation mutation) {
        List<RawChangeRecord> records = decoder.decode(mutation, SEGMENT, POSITION);
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private JsonNode change(String statement) {
        return parse(single(mutation(statement)).value());
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(json, UTF_8), e);
        }
    }

    private static JsonNode onlyRow(JsonNode change) {
        assertThat(change.path("rows")).hasSize(1);
        return change.path("rows").get(0);
    }

    private static JsonNode cell(JsonNode row, String column) {
        List<JsonNode> cells = cells(row, column);
        assertThat(cells).as("cells of %s in %s", column, row).hasSize(1);
        return cells.get(0);
    }

    private static List<JsonNode> cells(JsonNode row, String column) {
        return StreamSupport.stream(row.path("cells").spliterator(), false)
                .filter(cell -> cell.path("column").asText().equals(column))
                .toList();
    }

    /** A mutation built cell by cell, for what CQL makes only after a read: as a node then logs it. */
    private static Mutation singleCell(String table, ByteBuffer key, Clustering<?> clustering, Cell<?> cell) {
        Row.Builder row = BTreeRow.unsortedBuilder();
        row.newRow(clustering);
        row.addCell(cell);
        return new Mutation(PartitionUpdate.singleRowUpdate(table(table), key, row.build()));
    }

    private static Cell<?> onlyCell(Mutation mutation, String table, String column) {
        Row row = mutation.getPartitionUpdates().iterator().next().iterator().next();
        return row.getComplexColumnData(column(table, column)).iterator().next();
    }

    private static TableMetadata table(String name) {
        return Schema.instance.getTableMetadata(KS, name);
    }

    private static ColumnMetadata column(String table, String name) {
        return table(table).getColumn(ColumnIdentifier.getInterned(name, true));
    }
}
