package io.ckbridge.materializer.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.materializer.event.ChangeEvent;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.rawchange.RawChange;
import io.ckbridge.rawchange.RawChangeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChangeApplierTest {
    private static final TableInfo TABLE = new TableInfo("ks", "t", List.of(
            new ColumnInfo("pk", DataTypes.INT, Kind.PARTITION_KEY, false),
            new ColumnInfo("ck", DataTypes.INT, Kind.CLUSTERING, false),
            new ColumnInfo("a", DataTypes.TEXT, Kind.REGULAR, false),
            new ColumnInfo("b", DataTypes.INT, Kind.REGULAR, false)));
    private static final long NOW_MS = 1_800_000_000_000L;

    private final TreeMap<String, byte[]> rows = new TreeMap<>();
    private final List<String> expiries = new ArrayList<>();
    private final ChangeApplier applier = new ChangeApplier(new RowStore() {
        @Override
        public byte[] get(String key) {
            return rows.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            rows.put(key, value);
        }

        @Override
        public void delete(String key) {
            rows.remove(key);
        }

        @Override
        public Map<String, byte[]> withPrefix(String prefix) {
            return rows.subMap(prefix, prefix + Character.MAX_VALUE);
        }
    }, new ChangeApplier.Timers() {
        @Override
        public void expiry(long expiresAtSec, String prefix, String rowKey) {
            expiries.add(rowKey + "@" + expiresAtSec);
        }

        @Override
        public void purge(long atWallMs, String key) {
        }
    }, 86_400_000L);

    private static RawChange change(String rows) {
        return change(rows, "");
    }

    private static RawChange change(String rows, String extra) {
        return RawChangeReader.read("{\"pk\":1}",
                ("{\"v\":1,\"node\":\"n1\",\"keyspace\":\"ks\",\"table\":\"t\",\"digest\":\"d\","
                + "\"key\":{\"pk\":1},\"rows\":[" + rows + "]" + extra + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String insert(int ck, long ts, String a) {
        return "{\"clustering\":{\"ck\":" + ck + "},\"liveness\":{\"ts\":" + ts
                + "},\"cells\":[{\"column\":\"a\",\"ts\":" + ts
                + ",\"value\":\"" + a + "\"}]}";
    }

    private static String update(int ck, long ts, String column, String jsonValue) {
        return "{\"clustering\":{\"ck\":" + ck + "},\"cells\":[{\"column\":\"" + column + "\",\"ts\":" + ts
                + ",\"value\":" + jsonValue + "}]}";
    }

    private List<ChangeEvent> apply(RawChange change) {
        return applier.apply(TABLE, change, List.of("n1:1:1"), NOW_MS);
    }

    @Test
    void anInsertThenAPartialUpdateGiveCreateThenUpdateWithTheWholeRow() {
        List<ChangeEvent> created = apply(change(insert(1, 100, "x")));
        List<ChangeEvent> updated = apply(change(update(1, 200, "b", "5")));

        assertThat(created).singleElement().satisfies(event -> {
            assertThat(event.op()).isEqualTo("c");
            assertThat(event.before()).isNull();
            assertThat(event.after().toString()).isEqualTo("{\"pk\":1,\"ck\":1,\"a\":\"x\",\"b\":null}");
        });
        assertThat(updated).singleElement().satisfies(event -> {
            assertThat(event.op()).isEqualTo("u");
            assertThat(event.ts()).isEqualTo(200);
            assertThat(event.before().toString()).isEqualTo("{\"pk\":1,\"ck\":1,\"a\":\"x\",\"b\":null}");
            assertThat(event.after().toString()).isEqualTo("{\"pk\":1,\"ck\":1,\"a\":\"x\",\"b\":5}");
        });
    }

    @Test
    void theSameChangeAppliedAgainMakesNoEvent() {
        apply(change(insert(1, 100, "x")));

        assertThat(apply(change(insert(1, 100, "x")))).isEmpty();
    }

    @Test
    void anOlderWriteArrivingLateLosesToTheNewerCell() {
        apply(change(insert(1, 200, "newer")));

        assertThat(apply(change(update(1, 100, "a", "\"older\"")))).isEmpty();
        List<ChangeEvent> next = apply(change(update(1, 300, "b", "1")));
        assertThat(next).singleElement().satisfies(event -> assertThat(event.after().path("a").asText())
                .isEqualTo("newer"));
    }

    @Test
    void replicaCopiesOfAnInsertAnOlderUpdateAndANewerOneMakeTwoEvents() {
        String insert =
                "{\"clustering\":{\"ck\":1},\"liveness\":{\"ts\":200},\"cells\":[{\"column\":\"a\",\"ts\":200,"
                + "\"value\":\"newer\"},"
                + "{\"column\":\"b\",\"ts\":200,\"value\":1}]}";
        String older = "{\"clustering\":{\"ck\":1},\"cells\":[{\"column\":\"a\",\"ts\":100,\"value\":\"older\"},"
                + "{\"column\":\"b\",\"ts\":100,\"value\":9}]}";
        List<ChangeEvent> events = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            events.addAll(apply(change(insert)));
        }
        for (int copy = 0; copy < 3; copy++) {
            events.addAll(apply(change(older)));
        }
        for (int copy = 0; copy < 3; copy++) {
            events.addAll(apply(change(update(1, 300, "b", "2"))));
        }

        assertThat(events).extracting(ChangeEvent::op).containsExactly("c", "u");
        assertThat(events.get(1).after().toString()).isEqualTo("{\"pk\":1,\"ck\":1,\"a\":\"newer\",\"b\":2}");
    }

    @Test
    void aRowDeletionOnlyDeletesWhatIsOlderThanIt() {
        apply(change(insert(1, 200, "x")));

        assertThat(apply(change("{\"clustering\":{\"ck\":1},\"deletion\":{\"ts\":100,\"deletedAt\":1}}"))).isEmpty();
        List<ChangeEvent> deleted =
                apply(change("{\"clustering\":{\"ck\":1},\"deletion\":{\"ts\":300,\"deletedAt\":1}}"));
        assertThat(deleted).singleElement().satisfies(event -> {
            assertThat(event.op()).isEqualTo("d");
            assertThat(event.after()).isNull();
            assertThat(event.before().path("a").asText()).isEqualTo("x");
        });
        // a late copy of the insert cannot bring the row back
        assertThat(apply(change(insert(1, 200, "x")))).isEmpty();
    }

    @Test
    void aPartitionDeletionDeletesEveryKnownRowAndSaysSo() {
        apply(change(insert(1, 100, "x")));
        apply(change(insert(2, 100, "y")));

        List<ChangeEvent> events = apply(change("", ",\"partitionDeletion\":{\"ts\":500,\"deletedAt\":1}"));

        assertThat(events).extracting(ChangeEvent::scope).containsExactlyInAnyOrder("row", "row", "partition");
        assertThat(events).filteredOn(e -> e.scope().equals("row")).extracting(ChangeEvent::op).containsOnly("d");
    }

    @Test
    void aChangeProcessedAfterItsTtlRanOutStillMakesItsCreateEvent() {
        long writeSec = NOW_MS / 1000 - 10;
        List<ChangeEvent> events = apply(change("{\"clustering\":{\"ck\":1},\"liveness\":{\"ts\":"
                + writeSec * 1_000_000
                + ",\"ttl\":3,\"expiresAt\":" + (writeSec + 3) + "},\"cells\":[{\"column\":\"a\",\"ts\":"
                + writeSec * 1_000_000
                + ",\"value\":\"x\",\"ttl\":3,\"expiresAt\":" + (writeSec + 3) + "}]}"));

        assertThat(events).extracting(ChangeEvent::op).containsExactly("c");
        assertThat(expiries.get(0)).endsWith("@" + (writeSec + 3));
    }

    @Test
    void anExpiringRowIsCreatedAndSetsATimerForItsExpiry() {
        List<ChangeEvent> events =
                apply(change("{\"clustering\":{\"ck\":1},\"liveness\":{\"ts\":100,\"ttl\":60,\"expiresAt\":1800000060},"
                + "\"cells\":[{\"column\":\"a\",\"ts\":100,\"value\":\"x\",\"ttl\":60,\"expiresAt\":1800000060}]}"));

        assertThat(events).extracting(ChangeEvent::op).containsExactly("c");
        assertThat(expiries).isNotEmpty().allSatisfy(timer -> assertThat(timer).endsWith("@1800000060"));
    }
}
