package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChangeFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PendingChangesTest {
    private static final long WINDOW_MS = 100;
    private static final long DEDUP_MS = 600_000;

    private KeyValueStore<String, byte[]> pendingStore;
    private WindowStore<String, String> seen;
    private PendingChanges pending;

    @BeforeEach
    void stores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        pendingStore = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending"), Serdes.String(),
                Serdes.ByteArray())
                .withLoggingDisabled().build();
        seen = Stores.windowStoreBuilder(Stores.inMemoryWindowStore("seen", Duration.ofMillis(3 * DEDUP_MS),
                Duration.ofMillis(1), false), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        pendingStore.init(context.getStateStoreContext(), pendingStore);
        seen.init(context.getStateStoreContext(), seen);
        pending = new PendingChanges(pendingStore, seen, DEDUP_MS, 0);
    }

    @Test
    void copiesJoinTheWaitingChangeAndAreDroppedOnceItIsApplied() throws Exception {
        assertThat(pending.admit("d1", 1_000, "raw/0@1")).isEqualTo(PendingChanges.Admission.NEW);
        buffer("d1", 50, 1_000, "raw/0@1", 0);

        assertThat(pending.admit("d1", 1_000, "raw/1@9")).isEqualTo(PendingChanges.Admission.COPY);
        assertThat(pending.ready(WINDOW_MS - 1, WINDOW_MS, 1_000)).isEmpty();

        List<PendingChanges.Entry> ready = pending.ready(WINDOW_MS, WINDOW_MS, 1_000);
        assertThat(ready).singleElement().satisfies(entry -> {
            assertThat(entry.digest()).isEqualTo("d1");
            assertThat(entry.positions()).containsExactly("raw/0@1", "raw/1@9");
        });
        assertThat(pending.buffered()).isZero();
        assertThat(pendingStore.approximateNumEntries()).isZero();
        assertThat(pending.admit("d1", 1_000, "raw/2@4")).isEqualTo(PendingChanges.Admission.APPLIED_BEFORE);
    }

    @Test
    void waitingChangesComeOutInWriteTimeOrder() throws Exception {
        buffer("newer", 20, 1_000, "raw/0@1", 0);
        buffer("older", 10, 1_000, "raw/0@2", 5);

        assertThat(pending.ready(200, WINDOW_MS, 1_000)).extracting(PendingChanges.Entry::digest)
                .containsExactly("older", "newer");
    }

    @Test
    void overTheBufferLimitTheOldestGoEarly() throws Exception {
        buffer("a", 1, 1_000, "p", 0);
        buffer("b", 2, 1_000, "p", 0);
        buffer("c", 3, 1_000, "p", 0);

        assertThat(pending.ready(1, WINDOW_MS, 2)).extracting(PendingChanges.Entry::digest).containsExactly("a");
        assertThat(pending.buffered()).isEqualTo(2);
    }

    @Test
    void aBacklogComesOutAFewAtATimeInWriteTimeOrder() throws Exception {
        buffer("c", 3, 1_000, "p", 0);
        buffer("a", 1, 1_000, "p", 0);
        buffer("b", 2, 1_000, "p", 0);

        assertThat(pending.ready(WINDOW_MS, WINDOW_MS, 1_000, 2)).extracting(PendingChanges.Entry::digest)
                .containsExactly("a", "b");
        assertThat(pending.buffered()).isEqualTo(1);
        assertThat(pending.ready(WINDOW_MS, WINDOW_MS, 1_000, 2)).extracting(PendingChanges.Entry::digest)
                .containsExactly("c");
    }

    @Test
    void aRestartedTaskFindsItsWaitingChangesAndTheirDigestsInTheStores() throws Exception {
        buffer("d1", 50, 1_000, "raw/0@1", 0);

        PendingChanges restarted = new PendingChanges(pendingStore, seen, DEDUP_MS, 0);

        assertThat(restarted.buffered()).isEqualTo(1);
        assertThat(restarted.admit("d1", 1_000, "raw/1@2")).isEqualTo(PendingChanges.Admission.COPY);
        assertThat(restarted.ready(WINDOW_MS, WINDOW_MS, 1_000)).singleElement().satisfies(entry -> {
            assertThat(entry.raw().path("digest").asText()).isEqualTo("d1");
            assertThat(entry.positions()).containsExactly("raw/0@1", "raw/1@2");
        });
    }

    @Test
    void aChangeWithCopiesFromEveryReplicaLeavesBeforeItsWindowButNotBeforeOlderOnes() throws Exception {
        buffer("older", 1, 1_000, "10.0.0.1:7:100", 0, 3);
        buffer("newer", 2, 1_000, "10.0.0.1:7:200", 0, 3);
        pending.admit("newer", 1_000, "10.0.0.2:3:50");
        pending.admit("newer", 1_000, "10.0.0.3:9:80");

        assertThat(pending.headComplete()).as("the oldest still waits for copies").isFalse();
        assertThat(pending.ready(1, WINDOW_MS, 1_000)).isEmpty();

        pending.admit("older", 1_000, "10.0.0.2:3:40");
        pending.admit("older", 1_000, "10.0.0.2:3:40"); // the same node again (a publisher resending) does not count
        assertThat(pending.headComplete()).isFalse();
        pending.admit("older", 1_000, "[::1]:4:10");

        assertThat(pending.headComplete()).isTrue();
        assertThat(pending.ready(1, WINDOW_MS, 1_000)).extracting(PendingChanges.Entry::digest)
                .containsExactly("older", "newer");
    }

    @Test
    void withTheReplicaCountUnknownAChangeWaitsItsWindow() throws Exception {
        buffer("d1", 1, 1_000, "n1:1:1", 0, 0);
        pending.admit("d1", 1_000, "n2:1:1");
        pending.admit("d1", 1_000, "n3:1:1");

        assertThat(pending.headComplete()).isFalse();
        assertThat(pending.ready(WINDOW_MS - 1, WINDOW_MS, 1_000)).isEmpty();
        assertThat(pending.ready(WINDOW_MS, WINDOW_MS, 1_000)).hasSize(1);
    }

    @Test
    void aSnapshotThatSendsNothingForTheTimeoutIsIdleAndARestartGivesItTheWholeTimeoutAgain() {
        pending.startSnapshot("ks.t", 1, "s-1", 1_000);
        pending.hold("ks.t", new RawMessage("cdc.raw.ks.t", 1, 5, 0, "{\"id\":1}", "{}".getBytes(
                StandardCharsets.UTF_8)));
        pending.hold("ks.t", new RawMessage("cdc.raw.ks.t", 1, 6, 0, "{\"id\":1}", "{}".getBytes(
                StandardCharsets.UTF_8)));

        assertThat(pending.heldForSnapshots()).isEqualTo(2);
        assertThat(pending.idleSnapshots(1_999, 1_000)).isEmpty();
        pending.snapshotActive("ks.t", 1, "s-1", 1_500);
        pending.snapshotActive("ks.t", 1, "another", 9_000);
        assertThat(pending.idleSnapshots(2_499, 1_000)).as("a row of the snapshot at 1500").isEmpty();
        assertThat(pending.idleSnapshots(2_500, 1_000)).singleElement()
                .isEqualTo(new PendingChanges.IdleSnapshot("ks.t", 1, "s-1", 1_000, 2));

        PendingChanges restarted = new PendingChanges(pendingStore, seen, DEDUP_MS, 50_000);
        assertThat(restarted.snapshot("ks.t", 1)).isEqualTo("s-1");
        assertThat(restarted.heldForSnapshots()).isEqualTo(2);
        assertThat(restarted.idleSnapshots(50_999, 1_000)).isEmpty();
        assertThat(restarted.idleSnapshots(51_000, 1_000)).hasSize(1);

        assertThat(restarted.endSnapshot("ks.t", 1)).extracting(entry -> entry.message().offset())
                .containsExactly(5L, 6L);
        assertThat(restarted.heldForSnapshots()).isZero();
        assertThat(restarted.idleSnapshots(99_000, 1_000)).isEmpty();
    }

    private void buffer(String digest, long writeTs, long recordTs, String position, long nowMs) throws Exception {
        buffer(digest, writeTs, recordTs, position, nowMs, 0);
    }

    private void buffer(String digest, long writeTs, long recordTs, String position, long nowMs,
            int replicas) throws Exception {
        String text = "{\"v\":1,\"digest\":\"" + digest + "\"}";
        ObjectNode raw = (ObjectNode) RawChangeFormat.JSON.readTree(text);
        pending.buffer(digest, writeTs, new RawMessage("cdc.raw.ks.t", 0, writeTs, recordTs, "{\"id\":1}",
                text.getBytes(StandardCharsets.UTF_8)), raw, position, nowMs, replicas);
    }
}
