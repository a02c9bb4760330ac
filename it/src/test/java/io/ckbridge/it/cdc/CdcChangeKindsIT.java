package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of change to a CDC table reaches its raw topic with what a consumer needs to apply
 * it: the publisher was already running when the table was created, so it also has to pick up
 * the new table from the node's schema.
 */
@BridgeSandbox
class CdcChangeKindsIT {
    private static final String KS = "cdc_kinds";
    /** The clustering key of the marker rows that end each test's changes. */
    private static final int MARKER_CK = 1_000_000;

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TYPE IF NOT EXISTS " + KS + ".address (street text, zip int)");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".things (pk int, ck int, s text STATIC, v text, n int, tags set<text>, "
                    + "items list<int>, attrs map<text, int>, home address, fixed frozen<address>, PRIMARY KEY ((pk), "
                            + "ck)) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".hits (page text PRIMARY KEY, views counter) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".quiet (id int PRIMARY KEY, v text)");
        }
    }

    /**
     * Applies the statements to partition {@code pk}, then writes a marker row to the same partition:
     * the publisher sends its node's commit log in order and one partition key's changes share a
     * Kafka partition, so once the marker is read every change the statements made has been too.
     * Returns those changes, which must be one per statement.
     */
    private static List<JsonNode> apply(Sandbox sandbox, int pk, String... statements) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (String statement : statements) {
                session.execute(statement.replace("{pk}", Integer.toString(pk)));
            }
            session.execute("INSERT INTO " + KS + ".things (pk, ck) VALUES (" + pk + ", " + MARKER_CK + ")");
        }
        RawChanges.await(sandbox, KS, "things", 1,
                change -> change.path("key").path("pk").asInt() == pk && isMarker(change));
        List<JsonNode> partition = RawChanges.read(sandbox, KS, "things").stream()
                .filter(change -> change.path("key").path("pk").asInt() == pk).toList();
        assertThat(partition).as("changes of partition %d", pk).last()
                .matches(CdcChangeKindsIT::isMarker, "the marker");
        List<JsonNode> changes = partition.subList(0, partition.size() - 1);
        assertThat(changes).as("changes of partition %d before the marker: one per statement", pk)
                .hasSize(statements.length);
        return changes;
    }

    private static boolean isMarker(JsonNode change) {
        return change.path("rows").size() == 1
                && change.path("rows").get(0).path("clustering").path("ck").asInt() == MARKER_CK;
    }

    private static JsonNode cell(JsonNode row, String column) {
        for (JsonNode cell : row.path("cells")) {
            if (cell.path("column").asText().equals(column)) {
                return cell;
            }
        }
        throw new AssertionError("no cell " + column + " in " + row);
    }

    private static List<JsonNode> cells(JsonNode row, String column) {
        List<JsonNode> cells = new ArrayList<>();
        row.path("cells").forEach(cell -> {
            if (cell.path("column").asText().equals(column)) {
                cells.add(cell);
            }
        });
        return cells;
    }

    @Test
    void anInsertCarriesTheRowsLivenessCellsTtlAndItsIdentity(Sandbox sandbox) {
        JsonNode change = apply(sandbox, 1, "INSERT INTO " + KS
                + ".things (pk, ck, v, n, fixed) VALUES ({pk}, 10, 'hello', 7, {street: 'Main', zip: 1234}) USING TTL "
                        + "600").get(0);

        assertThat(change.path("v").asInt()).isEqualTo(1);
        assertThat(change.path("node").asText()).isEqualTo("127.0.0.1");
        assertThat(change.path("keyspace").asText()).isEqualTo(KS);
        assertThat(change.path("table").asText()).isEqualTo("things");
        assertThat(change.path("segment").asLong()).isPositive();
        assertThat(change.path("position").asInt()).isPositive();
        assertThat(change.path("digest").asText()).hasSize(32);
        assertThat(change.path("schemaVersion").asText()).isNotBlank();
        assertThat(change.path("_kafkaKey").toString()).isEqualTo("{\"pk\":1}");
        JsonNode row = change.path("rows").get(0);
        assertThat(row.path("clustering").toString()).isEqualTo("{\"ck\":10}");
        assertThat(row.path("liveness").path("ttl").asInt()).isEqualTo(600);
        assertThat(row.path("liveness").path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(cell(row, "v").path("value").asText()).isEqualTo("hello");
        assertThat(cell(row, "v").path("ts").asLong()).isEqualTo(row.path("liveness").path("ts").asLong());
        assertThat(cell(row, "n").path("value").asInt()).isEqualTo(7);
        assertThat(cell(row, "n").path("ttl").asInt()).isEqualTo(600);
        assertThat(cell(row, "fixed").path("value").path("street").asText()).isEqualTo("Main");
    }

    @Test
    void updatesOfRegularAndStaticColumnsAndCellDeletions(Sandbox sandbox) {
        List<JsonNode> changes = apply(sandbox, 2,
                "UPDATE " + KS + ".things SET v = 'x' WHERE pk = {pk} AND ck = 1",
                "UPDATE " + KS + ".things SET s = 'shared' WHERE pk = {pk}",
                "DELETE v FROM " + KS + ".things WHERE pk = {pk} AND ck = 1");

        JsonNode update = changes.get(0).path("rows").get(0);
        assertThat(update.has("liveness")).as("an UPDATE creates no row marker").isFalse();
        assertThat(cell(update, "v").path("value").asText()).isEqualTo("x");
        JsonNode staticRow = changes.get(1).path("rows").get(0);
        assertThat(staticRow.path("static").asBoolean()).isTrue();
        assertThat(cell(staticRow, "s").path("value").asText()).isEqualTo("shared");
        JsonNode deleted = cell(changes.get(2).path("rows").get(0), "v");
        assertThat(deleted.path("tombstone").asBoolean()).isTrue();
        assertThat(deleted.has("value")).isFalse();
    }

    @Test
    void rowRangeAndPartitionDeletions(Sandbox sandbox) {
        List<JsonNode> changes = apply(sandbox, 3,
                "DELETE FROM " + KS + ".things WHERE pk = {pk} AND ck = 5",
                "DELETE FROM " + KS + ".things WHERE pk = {pk} AND ck >= 10 AND ck < 20",
                "DELETE FROM " + KS + ".things WHERE pk = {pk}");

        assertThat(changes.get(0).path("rows").get(0).path("deletion").path("ts").asLong()).isPositive();
        assertThat(changes.get(0).path("rows").get(0).path("clustering").toString()).isEqualTo("{\"ck\":5}");
        JsonNode range = changes.get(1).path("rangeDeletions").get(0);
        assertThat(range.path("start").path("clustering").toString()).isEqualTo("{\"ck\":10}");
        assertThat(range.path("start").path("inclusive").asBoolean()).isTrue();
        assertThat(range.path("end").path("clustering").toString()).isEqualTo("{\"ck\":20}");
        assertThat(range.path("end").path("inclusive").asBoolean()).isFalse();
        assertThat(changes.get(2).path("partitionDeletion").path("ts").asLong()).isPositive();
        assertThat(changes.get(2).path("rows")).isEmpty();
    }

    @Test
    void everyCollectionAndUserTypeOperation(Sandbox sandbox) {
        List<JsonNode> changes = apply(sandbox, 4,
                "UPDATE " + KS
                + ".things SET tags = {'a', 'b'}, items = [1], attrs = {'k': 1} WHERE pk = {pk} AND ck = 1",
                "UPDATE " + KS
                + ".things SET tags = tags + {'c'}, items = items + [2], attrs['j'] = 2, home.zip = 99 WHERE pk = {pk} "
                        + "AND ck = 1",
                "UPDATE " + KS + ".things SET tags = tags - {'a'}, attrs = attrs - {'k'} WHERE pk = {pk} AND ck = 1",
                "UPDATE " + KS + ".things SET items[0] = 10 WHERE pk = {pk} AND ck = 1");

        JsonNode replaced = changes.get(0).path("rows").get(0);
        assertThat(replaced.path("cleared")).extracting(node -> node.path("column").asText())
                .contains("tags", "items", "attrs");
        assertThat(cells(replaced, "tags")).extracting(cell -> cell.path("path").asText())
                .containsExactlyInAnyOrder("a", "b");
        JsonNode appended = changes.get(1).path("rows").get(0);
        assertThat(appended.has("cleared")).as("appending keeps the elements").isFalse();
        assertThat(cell(appended, "tags").path("path").asText()).isEqualTo("c");
        assertThat(cell(appended, "items").path("value").asInt()).isEqualTo(2);
        assertThat(cell(appended, "items").path("path").asText()).matches("[0-9a-f-]{36}");
        assertThat(cell(appended, "attrs").path("path").asText()).isEqualTo("j");
        assertThat(cell(appended, "attrs").path("value").asInt()).isEqualTo(2);
        assertThat(cell(appended, "home").path("path").asText()).isEqualTo("zip");
        assertThat(cell(appended, "home").path("value").asInt()).isEqualTo(99);
        JsonNode removed = changes.get(2).path("rows").get(0);
        assertThat(cell(removed, "tags").path("tombstone").asBoolean()).isTrue();
        assertThat(cell(removed, "attrs").path("path").asText()).isEqualTo("k");
        assertThat(cell(removed, "attrs").path("tombstone").asBoolean()).isTrue();
        assertThat(cell(changes.get(3).path("rows").get(0), "items").path("value").asInt()).isEqualTo(10);
    }

    @Test
    void countersAndOnlyCdcTablesArePublished(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("UPDATE " + KS + ".hits SET views = views + 5 WHERE page = '/home'");
            session.execute("INSERT INTO " + KS + ".quiet (id, v) VALUES (1, 'not captured')");
            RawChanges.await(sandbox, KS, "hits", 1, change -> true);
            // A marker after both, on the Kafka partition of '/home': once it is read, the publisher has
            // passed the quiet write in its commit log, and every change of '/home' has been read.
            String marker = pageBeside(sandbox, "/home");
            session.execute("UPDATE " + KS + ".hits SET views = views + 1 WHERE page = '" + marker + "'");
        }

        JsonNode marker = RawChanges.await(sandbox, KS, "hits", 1,
                change -> !change.path("_kafkaKey").path("page").asText().equals("/home")).get(0);
        List<JsonNode> hits = RawChanges.read(sandbox, KS, "hits").stream()
                .filter(change -> change.path("_kafkaKey").path("page").asText().equals("/home")).toList();

        assertThat(hits).as("changes of /home").hasSize(1);
        JsonNode hit = hits.get(0);
        assertThat(marker.path("_partition").asInt()).as("the marker's partition")
                .isEqualTo(hit.path("_partition").asInt());
        assertThat(hit.path("_kafkaKey").toString()).isEqualTo("{\"page\":\"/home\"}");
        assertThat(cell(hit.path("rows").get(0), "views").path("value").asLong()).isEqualTo(5);
        // The publisher creates a table's topic before it sends the table's first change, and it would
        // have sent the quiet write before the marker: its topic would be there now.
        assertThat(Clients.topicExists(sandbox, RawChanges.topic(KS, "quiet")))
                .as("a topic for a table without cdc = true").isFalse();
    }

    /** Another page whose changes go to the same partition of the hits topic as {@code page}'s. */
    private static String pageBeside(Sandbox sandbox, String page) {
        int partitions = Clients.partitions(sandbox, RawChanges.topic(KS, "hits")).orElseThrow().size();
        int wanted = Markers.partitionOf("{\"page\":\"" + page + "\"}", partitions);
        for (int i = 0; ; i++) {
            String other = "/marker-" + i;
            if (Markers.partitionOf("{\"page\":\"" + other + "\"}", partitions) == wanted) {
                return other;
            }
        }
    }
}
