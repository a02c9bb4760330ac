package io.ckbridge.sink.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P = new TopicPartition("t", 0);

    @Test
    void commitsOnlyUpToTheFirstRecordStillBeingWritten() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(P, -1);
        for (long offset = 10; offset < 15; offset++) {
            assertThat(tracker.accept(P, offset)).isTrue();
        }
        tracker.done(P, 10);
        tracker.done(P, 12);
        tracker.done(P, 13);

        assertThat(tracker.committable().get(P).offset()).isEqualTo(11);
        tracker.done(P, 11);
        assertThat(tracker.committable().get(P).offset()).isEqualTo(14);
        tracker.done(P, 14);
        assertThat(tracker.committable().get(P).offset()).isEqualTo(15);
        assertThat(tracker.hasPending(List.of(P))).isFalse();
    }

    @Test
    void aRecordBelowTheStoredOffsetIsNotTakenAgain() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(P, 100);

        assertThat(tracker.isNew(P, 99)).isFalse();
        assertThat(tracker.accept(P, 99)).isFalse();
        assertThat(tracker.isNew(P, 100)).isTrue();
        assertThat(tracker.committable().get(P).offset()).isEqualTo(100);
    }

    @Test
    void rolledBackRecordsAreExpectedAgainAndHoldTheCommit() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(P, -1);
        acceptAll(tracker, 0, 300);
        doneAll(tracker, 0, 200);
        tracker.committable();
        for (long offset = 250; offset < 300; offset++) {
            tracker.rollback(P, offset);
        }
        assertThat(tracker.isNew(P, 249)).isFalse();
        assertThat(tracker.isNew(P, 250)).isTrue();
        assertThat(tracker.committable().get(P).offset()).isEqualTo(200);
        for (long offset = 250; offset < 300; offset++) {
            assertThat(tracker.accept(P, offset)).isTrue();
        }
        doneAll(tracker, 200, 300);
        assertThat(tracker.committable().get(P).offset()).isEqualTo(300);
    }

    @Test
    void onlyTheRecordsHandedBackAreTakenAgainNotTheSubmittedOnesBetweenThem() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(P, -1);
        acceptAll(tracker, 0, 10);
        // requests group records by replicas, not by offset: 3 and 7 were left unsubmitted, 5 went out
        tracker.rollback(P, 3);
        tracker.rollback(P, 7);
        tracker.done(P, 0);
        tracker.done(P, 1);
        tracker.done(P, 2);

        assertThat(tracker.isNew(P, 5)).as("submitted: not written twice").isFalse();
        assertThat(tracker.isNew(P, 3)).isTrue();
        assertThat(tracker.isNew(P, 7)).isTrue();
        assertThat(tracker.committable().get(P).offset()).as("held by the record handed back").isEqualTo(3);

        assertThat(tracker.accept(P, 3)).isTrue();
        assertThat(tracker.accept(P, 3)).as("taken once").isFalse();
        assertThat(tracker.accept(P, 7)).isTrue();
        doneAll(tracker, 3, 10);
        assertThat(tracker.committable().get(P).offset()).isEqualTo(10);
    }

    private static void acceptAll(OffsetTracker tracker, long from, long to) {
        for (long offset = from; offset < to; offset++) {
            tracker.accept(P, offset);
        }
    }

    private static void doneAll(OffsetTracker tracker, long from, long to) {
        for (long offset = from; offset < to; offset++) {
            tracker.done(P, offset);
        }
    }

    @Test
    void agreesWithASortedSetUnderRandomCompletionOrder() {
        Random random = new Random(42);
        PendingOffsets pending = new PendingOffsets();
        TreeSet<Long> expected = new TreeSet<>();
        long next = 1_000;
        List<Long> inFlight = new ArrayList<>();
        for (int step = 0; step < 100_000; step++) {
            if (random.nextInt(3) > 0 || inFlight.isEmpty()) {
                next += 1 + random.nextInt(3); // gaps, as compacted topics and transaction markers leave
                pending.add(next);
                expected.add(next);
                inFlight.add(next);
            } else {
                Collections.swap(inFlight, random.nextInt(inFlight.size()), inFlight.size() - 1);
                long done = inFlight.remove(inFlight.size() - 1);
                pending.remove(done);
                expected.remove(done);
            }
            assertThat(pending.size()).isEqualTo(expected.size());
            if (!expected.isEmpty()) {
                assertThat(pending.first()).isEqualTo(expected.first());
            }
        }
    }
}
