package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IncrementalCursorTest {
    private static final long NOW = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;

    /** A row of the fake table: its time, timeuuid (or null) and key. */
    private record FakeRow(long millis, UUID timeuuid, String key) {
        RowPosition position() {
            return new RowPosition(millis, timeuuid, key);
        }
    }

    /** A table by time; a window's rows come in a scrambled order, as token order would be. */
    private static final class FakeTable implements IncrementalCursor.Table<FakeRow> {
        private final NavigableMap<Long, List<FakeRow>> byTime = new TreeMap<>();
        int queries;
        int lookUps;
        long widestWindow;

        void add(FakeRow row) {
            byTime.computeIfAbsent(row.millis(), millis -> new ArrayList<>()).add(row);
        }

        @Override
        public Iterable<FakeRow> rows(long fromMillis, long toMillis) {
            queries++;
            widestWindow = Math.max(widestWindow, toMillis - fromMillis);
            List<FakeRow> rows = new ArrayList<>();
            byTime.subMap(fromMillis, true, toMillis, true).values().forEach(rows::addAll);
            rows.sort(Comparator.comparingInt(row -> Integer.reverse(row.key().hashCode())));
            return rows;
        }

        @Override
        public OptionalLong firstTimeAfter(long afterMillis, long toMillis) {
            lookUps++;
            Long next = byTime.higherKey(afterMillis);
            return next == null || next > toMillis ? OptionalLong.empty() : OptionalLong.of(next);
        }
    }

    private static IncrementalCursor<FakeRow> cursor(FakeTable table, int maxRows, int maxKeys, long slice,
                                                     Boundary start) {
        return new IncrementalCursor<>(table, FakeRow::position, new IncrementalCursor.Limits(maxRows, maxKeys, slice),
                start);
    }

    /** The boundary as an offset stores it and a restarted task reads it back. */
    private static Boundary throughOffset(Boundary boundary) {
        Map<String, Object> offset = new HashMap<>();
        boundary.storeIn(offset, BoundaryKeys.encode(boundary.keys()));
        return Boundary.stored(offset);
    }

    /** 30,000 rows from 1971 on, 90 minutes apart (over five years), and 2,000 sharing one millisecond. */
    private static FakeTable yearsAndOneCrowdedMillisecond(long crowded) {
        FakeTable table = new FakeTable();
        long start = Instant.parse("1971-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 30_000; i++) {
            table.add(new FakeRow(start + i * 5_400_000L + i % 7, null, "spread-" + i));
        }
        for (int i = 0; i < 2_000; i++) {
            table.add(new FakeRow(crowded, null, "crowded-" + i));
        }
        return table;
    }

    @Test
    void aLargeTableIsReadFrom1970InBoundedPollsWithEveryRowOnceAndBoundedOffsets() {
        long crowded = Instant.parse("1973-06-01T12:00:00.123Z").toEpochMilli();
        FakeTable table = yearsAndOneCrowdedMillisecond(crowded);
        IncrementalCursor<FakeRow> cursor = cursor(table, 300, 50, DAY, Boundary.at(0));

        List<FakeRow> sent = new ArrayList<>();
        int polls = 0;
        int crowdedPolls = 0;
        for (IncrementalCursor.Batch<FakeRow> batch = cursor.next(NOW); !batch.rows().isEmpty() || batch.behind();
                batch = cursor.next(NOW)) {
            polls++;
            assertThat(batch.rows()).hasSizeLessThanOrEqualTo(300);
            boolean atCrowded = false;
            for (IncrementalCursor.Sent<FakeRow> row : batch.rows()) {
                sent.add(row.row());
                assertThat(row.boundary().keys()).hasSizeLessThanOrEqualTo(50);
                atCrowded |= row.row().millis() == crowded;
            }
            crowdedPolls += atCrowded ? 1 : 0;
        }

        assertThat(sent).hasSize(32_000).doesNotHaveDuplicates();
        assertThat(sent).isSortedAccordingTo(Comparator.comparing(FakeRow::position));
        assertThat(crowdedPolls).as("polls that sent rows of the crowded millisecond").isGreaterThanOrEqualTo(7);
        assertThat(table.widestWindow).as("no window is wider than the slice").isLessThanOrEqualTo(DAY);
        assertThat(table.lookUps).as("gaps, from 1970 to 1971 the first, are crossed in a look-up each")
                .isLessThan(30);
        assertThat(polls).as("with 16 rows a day each window is the slice: about a poll a day of the five years")
                .isBetween(1_900, 2_100);
    }

    @Test
    void aRestartFromAnyCommittedRecordSendsEveryRowExactlyOnce() {
        long crowded = Instant.parse("1972-02-03T04:05:06.789Z").toEpochMilli();
        FakeTable table = yearsAndOneCrowdedMillisecond(crowded);
        Random random = new Random(7);
        List<FakeRow> delivered = new ArrayList<>();
        Boundary committed = Boundary.at(0);
        for (int restarts = 0; restarts < 400; restarts++) {
            IncrementalCursor<FakeRow> cursor = cursor(table, 120, 25, 30 * DAY, committed);
            List<IncrementalCursor.Sent<FakeRow>> since = new ArrayList<>();
            for (int poll = 0; poll < 1 + random.nextInt(6); poll++) {
                since.addAll(cursor.next(NOW).rows());
            }
            if (since.isEmpty()) {
                continue;
            }
            // Connect commits the offset of some record; the records after it are sent again after the restart.
            int upTo = random.nextInt(since.size());
            since.subList(0, upTo + 1).forEach(row -> delivered.add(row.row()));
            committed = throughOffset(since.get(upTo).boundary());
        }
        IncrementalCursor<FakeRow> last = cursor(table, 120, 25, 30 * DAY, committed);
        for (IncrementalCursor.Batch<FakeRow> batch = last.next(NOW); !batch.rows().isEmpty() || batch.behind();
                batch = last.next(NOW)) {
            batch.rows().forEach(row -> delivered.add(row.row()));
        }

        assertThat(delivered).hasSize(32_000).doesNotHaveDuplicates();
    }

    /** A version 1 UUID {@code ticks} 100 ns ticks into {@code millis}. */
    static UUID timeuuid(long millis, int ticks) {
        long time = millis * 10_000 + 0x01B21DD213814000L + ticks;
        long msb = (time & 0xFFFFFFFFL) << 32 | (time >>> 32 & 0xFFFFL) << 16 | 0x1000L | time >>> 48 & 0x0FFFL;
        return new UUID(msb, 0x8000000000000000L);
    }

    @Test
    void rowsSharingOneTimeuuidMillisecondBeyondTheKeyListAreSentOnceInTimeuuidOrder() {
        FakeTable table = new FakeTable();
        long millis = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        List<FakeRow> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // timeuuids a few 100 ns ticks apart within the millisecond, some shared by two rows
            rows.add(new FakeRow(millis, timeuuid(millis, i * 7919 % 500), "stream-" + i));
        }
        rows.forEach(table::add);
        assertThat(rows.get(1).timeuuid().version()).isEqualTo(1);
        assertThat((rows.get(1).timeuuid().timestamp() - 0x01B21DD213814000L) / 10_000).isEqualTo(millis);
        Boundary committed = Boundary.at(millis - 10);
        List<FakeRow> delivered = new ArrayList<>();
        for (int poll = 0; poll < 20; poll++) {
            IncrementalCursor<FakeRow> cursor = cursor(table, 64, 10, DAY, committed);
            List<IncrementalCursor.Sent<FakeRow>> batch = cursor.next(NOW).rows();
            batch.forEach(row -> delivered.add(row.row()));
            if (!batch.isEmpty()) {
                committed = throughOffset(batch.get(batch.size() - 1).boundary());
                assertThat(committed.keys()).hasSizeLessThanOrEqualTo(10);
            }
        }

        assertThat(delivered).hasSize(1_000).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.comparing(FakeRow::position));
        assertThat(committed.after()).as("the boundary is a position once the rows outnumber the key list")
                .isNotNull();
    }

    @Test
    void aRowWrittenLateWithTheBoundaryTimeIsFoundWhileTheKeysAreListed() {
        FakeTable table = new FakeTable();
        table.add(new FakeRow(1_000, null, "m"));
        table.add(new FakeRow(1_000, null, "n"));
        IncrementalCursor<FakeRow> cursor = cursor(table, 10, 5, DAY, Boundary.at(0));
        assertThat(cursor.next(NOW).rows()).extracting(row -> row.row().key()).containsExactly("m", "n");

        table.add(new FakeRow(1_000, null, "a")); // sorts before the keys sent, with their time
        IncrementalCursor<FakeRow> restarted = cursor(table, 10, 5, DAY, throughOffset(cursor.boundary()));

        assertThat(restarted.next(NOW).rows()).extracting(row -> row.row().key()).containsExactly("a");
        assertThat(restarted.next(NOW).rows()).isEmpty();
    }

    @Test
    void anOffsetOfAnEarlierVersionWithAllKeysAtTheBoundaryIsHonoured() {
        FakeTable table = new FakeTable();
        Set<String> old = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            table.add(new FakeRow(5_000, null, "k" + i));
            if (i % 2 == 0) {
                old.add("k" + i);
            }
        }
        table.add(new FakeRow(5_001, null, "later"));
        Map<String, Object> offset = new HashMap<>();
        offset.put("ts", 5_000L);
        offset.put("keys", BoundaryKeys.encode(old)); // more keys than the list holds now
        IncrementalCursor<FakeRow> cursor = cursor(table, 40, 20, DAY, Boundary.stored(offset));

        List<FakeRow> sent = new ArrayList<>();
        Boundary committed = cursor.boundary();
        for (int poll = 0; poll < 10; poll++) {
            List<IncrementalCursor.Sent<FakeRow>> batch = cursor(table, 40, 20, DAY, committed).next(NOW).rows();
            batch.forEach(row -> sent.add(row.row()));
            if (!batch.isEmpty()) {
                committed = throughOffset(batch.get(batch.size() - 1).boundary());
            }
        }

        assertThat(sent).hasSize(151).doesNotHaveDuplicates().noneMatch(row -> old.contains(row.key()));
        assertThat(committed.millis()).isEqualTo(5_001);
    }

    @Test
    void emptyYearsAreSkippedInOneLookUpAndAnEmptyTableCostsOneQueryAPoll() {
        FakeTable table = new FakeTable();
        IncrementalCursor<FakeRow> cursor = cursor(table, 100, 10, 3_600_000L, Boundary.at(0));
        cursor.next(NOW);
        cursor.next(NOW);
        cursor.next(NOW);
        assertThat(table.lookUps).isEqualTo(1);
        assertThat(table.queries).isEqualTo(3);

        long late = Instant.parse("2025-12-24T18:00:00Z").toEpochMilli();
        table.add(new FakeRow(late, null, "found"));
        assertThat(cursor.next(NOW).rows()).extracting(row -> row.row().key()).containsExactly("found");
        assertThat(cursor.boundary()).isEqualTo(new Boundary(late, Set.of("found"), null));
    }

    @Test
    void rowsAfterNowMinusTheDelayWait() {
        FakeTable table = new FakeTable();
        table.add(new FakeRow(NOW - 10, null, "early"));
        table.add(new FakeRow(NOW + 10, null, "too-new"));
        IncrementalCursor<FakeRow> cursor = cursor(table, 100, 10, 0, Boundary.at(NOW - 1_000));

        assertThat(cursor.next(NOW).rows()).extracting(row -> row.row().key()).containsExactly("early");
        assertThat(cursor.next(NOW).rows()).isEmpty();
        assertThat(cursor.next(NOW + 10).rows()).extracting(row -> row.row().key()).containsExactly("too-new");
    }
}
