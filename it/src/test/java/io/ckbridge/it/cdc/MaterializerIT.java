package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.cdc.ChangeEvents.Event;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three nodes, RF=3: every write reaches the materializer three times, from three publishers, and
 * must come out as exactly one full-row change event, in write-time order per primary key.
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class MaterializerIT {
    private static final String KS = "mat_rf3";

    @BeforeAll
    static void schema(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS
                    + " WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
            session.execute("CREATE TYPE IF NOT EXISTS " + KS + ".address (street text, zip int)");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".orders (id int PRIMARY KEY, total int, status text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".partial (id int PRIMARY KEY, a text, b int, c boolean) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".late (id int PRIMARY KEY, v text, n int) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".lines (pk int, ck int, v text, PRIMARY KEY (pk, ck)) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".expiring (id int PRIMARY KEY, v text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".bags (id int PRIMARY KEY, tags set<text>, items list<int>, "
                    + "attrs map<text, int>, home address) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".evolving (id int PRIMARY KEY, v text) WITH cdc = true");
            session.execute("CREATE TABLE IF NOT EXISTS " + KS
                    + ".reborn (id int PRIMARY KEY, v text, n int) WITH cdc = true");
        }
    }

    private static void write(CqlSession session, String cql) {
        session.execute(SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.ALL));
    }

    @Test
    void eachWriteOnThreeReplicasBecomesExactlyOneEvent(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int i = 0; i < 150; i++) {
                write(session, "INSERT INTO " + KS + ".orders (id, total, status) VALUES (" + i + ", " + i * 10
                        + ", 'new')");
            }
            for (int i = 0; i < 150; i += 3) {
                write(session, "UPDATE " + KS + ".orders SET status = 'paid' WHERE id = " + i);
            }
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "orders", 200, event -> true);

        assertThat(events).hasSize(200);
        Map<Integer, List<String>> opsById = new HashMap<>();
        events.forEach(event -> opsById.computeIfAbsent(event.id("id"), id -> new java.util.ArrayList<>())
                .add(event.op()));
        assertThat(opsById).hasSize(150);
        for (int i = 0; i < 150; i++) {
            assertThat(opsById.get(i)).as("events of id %d", i)
                    .isEqualTo(i % 3 == 0 ? List.of("c", "u") : List.of("c"));
        }
        Event paid = events.stream().filter(e -> e.id("id") == 3 && e.op().equals("u")).findFirst().orElseThrow();
        assertThat(paid.before().path("status").asText()).isEqualTo("new");
        assertThat(paid.after().path("status").asText()).isEqualTo("paid");
        assertThat(paid.after().path("total").asInt()).isEqualTo(30);
        assertThat(paid.value().path("source").path("nodes").size()).as("replicas seen").isBetween(1, 3);
    }

    @Test
    void partialUpdatesComeOutAsFullRowsBeforeAndAfter(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS + ".partial (id, a) VALUES (1, 'first')");
            write(session, "UPDATE " + KS + ".partial SET b = 2 WHERE id = 1");
            write(session, "UPDATE " + KS + ".partial SET c = true WHERE id = 1");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "partial", 3, event -> true);

        assertThat(events).extracting(Event::op).containsExactly("c", "u", "u");
        assertThat(events.get(0).before().isNull()).isTrue();
        assertThat(events.get(0).after().toString()).isEqualTo("{\"id\":1,\"a\":\"first\",\"b\":null,\"c\":null}");
        assertThat(events.get(2).before().toString()).isEqualTo("{\"id\":1,\"a\":\"first\",\"b\":2,\"c\":null}");
        assertThat(events.get(2).after().toString()).isEqualTo("{\"id\":1,\"a\":\"first\",\"b\":2,\"c\":true}");
        assertThat(events.get(0).ts()).isLessThan(events.get(1).ts());
        assertThat(events.get(1).ts()).isLessThan(events.get(2).ts());
    }

    @Test
    void aLateOlderWriteDoesNotOverwriteANewerState(Sandbox sandbox) {
        long now = System.currentTimeMillis() * 1000;
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS + ".late (id, v, n) VALUES (1, 'newer', 1) USING TIMESTAMP " + now);
            ChangeEvents.await(sandbox, KS, "late", 1, event -> event.id("id") == 1);
            // arrives after the newer write was applied, but is older: Cassandra keeps 'newer', so must the stream
            write(session, "UPDATE " + KS + ".late USING TIMESTAMP " + (now - 5_000_000)
                    + " SET v = 'older', n = 9 WHERE id = 1");
            write(session, "UPDATE " + KS + ".late USING TIMESTAMP " + (now + 1_000_000) + " SET n = 2 WHERE id = 1");
            assertThat(session.execute("SELECT v FROM " + KS + ".late WHERE id = 1").one().getString(0))
                    .isEqualTo("newer");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "late", 2, event -> event.id("id") == 1);

        assertThat(events).extracting(Event::op).containsExactly("c", "u");
        assertThat(events.get(1).after().toString()).isEqualTo("{\"id\":1,\"n\":2,\"v\":\"newer\"}");
        assertThat(events.get(1).ts()).isEqualTo(now + 1_000_000);
    }

    /**
     * Three writes to one row, made newest first while the publishers are stopped: restarted, each
     * publisher sends the three in one batch, so they reach the materializer together and out of
     * write-time order. Applied as they arrive, the older two would lose to the newest cell by cell
     * (two events, the oldest write making none); the reorder window must apply them oldest first.
     */
    @Test
    void writesArrivingTogetherComeOutInWriteTimeOrder(Sandbox sandbox) {
        long now = System.currentTimeMillis() * 1000;
        sandbox.cdcPublishers().forEach(CdcPublisherProcess::stop);
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "UPDATE " + KS + ".late USING TIMESTAMP " + (now + 2_000) + " SET n = 3 WHERE id = 2");
            write(session, "UPDATE " + KS + ".late USING TIMESTAMP " + (now + 1_000)
                    + " SET v = 'second', n = 2 WHERE id = 2");
            write(session, "INSERT INTO " + KS + ".late (id, v, n) VALUES (2, 'first', 1) USING TIMESTAMP " + now);
        } finally {
            sandbox.start(line -> { });
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "late", 3, event -> event.id("id") == 2);

        assertThat(events).isNotEmpty();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).ts()).as("event %d", i).isGreaterThanOrEqualTo(events.get(i - 1).ts());
        }
        assertThat(events).extracting(Event::op).containsExactly("c", "u", "u");
        assertThat(events).extracting(Event::ts).containsExactly(now, now + 1_000, now + 2_000);
        assertThat(events).extracting(event -> event.after().toString()).containsExactly(
                "{\"id\":2,\"n\":1,\"v\":\"first\"}", "{\"id\":2,\"n\":2,\"v\":\"second\"}",
                "{\"id\":2,\"n\":3,\"v\":\"second\"}");
        assertThat(events.get(events.size() - 1).after().toString()).isEqualTo("{\"id\":2,\"n\":3,\"v\":\"second\"}");
    }

    @Test
    void cellRowRangeAndPartitionDeletions(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            for (int ck = 1; ck <= 5; ck++) {
                write(session, "INSERT INTO " + KS + ".lines (pk, ck, v) VALUES (1, " + ck + ", 'v" + ck + "')");
            }
            ChangeEvents.await(sandbox, KS, "lines", 5, event -> true);
            write(session, "DELETE v FROM " + KS + ".lines WHERE pk = 1 AND ck = 1");
            write(session, "DELETE FROM " + KS + ".lines WHERE pk = 1 AND ck = 2");
            write(session, "DELETE FROM " + KS + ".lines WHERE pk = 1 AND ck >= 3 AND ck <= 4");
            write(session, "DELETE FROM " + KS + ".lines WHERE pk = 1");
        }

        // 5 inserts; a cell deleted (u); a row deleted (d); a range of 2 rows (2 d + the range); the rest of the
        // partition (2 d + the partition)
        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "lines", 13, event -> true);

        assertThat(events).hasSize(13);
        List<Event> after = events.subList(5, 13);
        assertThat(after.get(0).op()).isEqualTo("u");
        assertThat(after.get(0).after().toString()).isEqualTo("{\"pk\":1,\"ck\":1,\"v\":null}");
        assertThat(after.get(1).op()).isEqualTo("d");
        assertThat(after.get(1).before().path("v").asText()).isEqualTo("v2");
        assertThat(after.get(1).after().isNull()).isTrue();
        List<Event> range = after.subList(2, 5);
        assertThat(range).filteredOn(e -> e.scope().equals("row")).extracting(e -> e.id("ck"))
                .containsExactlyInAnyOrder(3, 4);
        assertThat(range).filteredOn(e -> e.scope().equals("range")).hasSize(1);
        List<Event> partition = after.subList(5, 8);
        assertThat(partition).filteredOn(e -> e.scope().equals("row")).extracting(e -> e.id("ck"))
                .containsExactlyInAnyOrder(1, 5);
        assertThat(events).filteredOn(e -> e.scope().equals("partition")).hasSize(1)
                .allSatisfy(e -> assertThat(e.key().toString()).isEqualTo("{\"pk\":1,\"ck\":null}"));
    }

    @Test
    void aRowWhoseTtlRunsOutComesOutAsADelete(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS + ".expiring (id, v) VALUES (1, 'short-lived') USING TTL 3");
            write(session, "INSERT INTO " + KS + ".expiring (id, v) VALUES (2, 'lasting')");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "expiring", 3, event -> true);

        assertThat(events).filteredOn(e -> e.id("id") == 1).extracting(Event::op).containsExactly("c", "d");
        Event expired = events.stream().filter(e -> e.id("id") == 1 && e.op().equals("d")).findFirst().orElseThrow();
        assertThat(expired.before().path("v").asText()).isEqualTo("short-lived");
        assertThat(events).filteredOn(e -> e.id("id") == 2).extracting(Event::op).containsExactly("c");
    }

    @Test
    void collectionsAndUserTypesAreMergedElementByElement(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS
                    + ".bags (id, tags, items, attrs, home) VALUES (1, {'a', 'b'}, [1, 2], {'x': 1}, "
                    + "{street: 'Main', zip: 1000})");
            write(session, "UPDATE " + KS + ".bags SET tags = tags + {'c'}, tags = tags - {'a'} WHERE id = 1");
            write(session, "UPDATE " + KS + ".bags SET items = items + [3], attrs['y'] = 2 WHERE id = 1");
            write(session, "UPDATE " + KS + ".bags SET home.zip = 2000, attrs = attrs - {'x'} WHERE id = 1");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "bags", 4, event -> true);

        assertThat(events).extracting(Event::op).containsExactly("c", "u", "u", "u");
        assertThat(events.get(3).after().toString()).isEqualTo(
                "{\"id\":1,\"attrs\":{\"y\":2},\"home\":{\"street\":\"Main\",\"zip\":2000},\"items\":[1,2,3],"
                + "\"tags\":[\"b\",\"c\"]}");
    }

    @Test
    void aColumnAddedWhileRunningAppearsInTheRows(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS + ".evolving (id, v) VALUES (1, 'before')");
            ChangeEvents.await(sandbox, KS, "evolving", 1, event -> true);
            session.execute("ALTER TABLE " + KS + ".evolving ADD extra int");
            write(session, "UPDATE " + KS + ".evolving SET extra = 7 WHERE id = 1");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "evolving", 2, event -> true);

        assertThat(events.get(1).after().toString()).isEqualTo("{\"id\":1,\"extra\":7,\"v\":\"before\"}");
        assertThat(events.get(1).value().path("schemaVersion").asText())
                .isNotEqualTo(events.get(0).value().path("schemaVersion").asText());
    }

    @Test
    void aTableDroppedAndCreatedAgainStartsEmpty(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            write(session, "INSERT INTO " + KS + ".reborn (id, v, n) VALUES (1, 'old', 5)");
            ChangeEvents.await(sandbox, KS, "reborn", 1, event -> true);
            session.execute("DROP TABLE " + KS + ".reborn");
            session.execute("CREATE TABLE " + KS + ".reborn (id int PRIMARY KEY, v text, n int) WITH cdc = true");
            write(session, "INSERT INTO " + KS + ".reborn (id, v) VALUES (1, 'new')");
        }

        List<Event> events = ChangeEvents.awaitExactly(sandbox, KS, "reborn", 2, event -> true);

        // Cassandra's new table holds nothing of the old one: neither may its first event
        assertThat(events.get(1).op()).isEqualTo("c");
        assertThat(events.get(1).before().isNull()).isTrue();
        assertThat(events.get(1).after().toString()).isEqualTo("{\"id\":1,\"n\":null,\"v\":\"new\"}");
    }
}
