package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableHoldsTest {
    private KeyValueStore<String, byte[]> store;
    private TableHolds holds;

    @BeforeEach
    void stores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("pending"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        holds = new TableHolds(store, TableHolds.UNKNOWN_TABLE, 1_000, 4_000, 0);
    }

    private static RawMessage message(long offset, String value) {
        return new RawMessage("cdc.raw.ks.t", 1, offset, 500 + offset, "{\"id\":" + offset + "}",
                value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void heldChangesComeOutInTheOrderTheyWentInWithTheirMessagesAndSources() {
        holds.hold("ks.t", message(7, "{\"a\": 1}"), List.of("n1:3:70"), 100);
        holds.hold("ks.t", message(8, "{\"a\": 2}"), List.of("n1:3:80", "n2:4:10"), 200);
        holds.hold("ks.other", message(9, "{}"), List.of(), 200);

        assertThat(holds.holds("ks.t")).isTrue();
        assertThat(holds.held()).isEqualTo(3);
        List<TableHolds.Held> taken = holds.take("ks.t", 10);

        assertThat(taken).extracting(held -> held.message().offset()).containsExactly(7L, 8L);
        assertThat(taken.get(0).message().value()).isEqualTo("{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThat(taken.get(0).message().where()).isEqualTo("cdc.raw.ks.t/1@7");
        assertThat(taken.get(0).message().timestamp()).isEqualTo(507);
        assertThat(taken.get(1).sources()).containsExactly("n1:3:80", "n2:4:10");
        assertThat(taken.get(1).heldSinceMs()).isEqualTo(200);
        assertThat(holds.holds("ks.t")).isFalse();
        assertThat(holds.holds("ks.other")).isTrue();
        assertThat(holds.held()).isEqualTo(1);
    }

    @Test
    void aRestartedTaskFindsTheHeldChangesInItsStoreAndTriesAtOnce() {
        holds.hold("ks.t", message(1, "{}"), List.of(), 100);
        holds.hold("ks.t", message(2, "{}"), List.of(), 100);

        TableHolds restarted = new TableHolds(store, TableHolds.UNKNOWN_TABLE, 1_000, 4_000, 5_000);
        restarted.hold("ks.t", message(3, "{}"), List.of(), 5_000);

        assertThat(restarted.held()).isEqualTo(3);
        assertThat(restarted.due(5_000)).containsExactly("ks.t");
        assertThat(restarted.take("ks.t", 10)).extracting(held -> held.message().offset())
                .as("a change held after the restart goes behind those before it").containsExactly(1L, 2L, 3L);
    }

    @Test
    void triesBackOffDoublingUpToTheBound() {
        holds.hold("ks.t", message(1, "{}"), List.of(), 0);

        assertThat(holds.due(999)).isEmpty();
        assertThat(holds.due(1_000)).containsExactly("ks.t");
        holds.retryLater("ks.t", 1_000);
        assertThat(holds.due(2_999)).isEmpty();
        assertThat(holds.due(3_000)).containsExactly("ks.t");
        holds.retryLater("ks.t", 3_000);
        assertThat(holds.due(6_999)).isEmpty();
        holds.retryLater("ks.t", 7_000);
        assertThat(holds.due(10_999)).as("4 s at most").isEmpty();
        assertThat(holds.due(11_000)).containsExactly("ks.t");
    }

    @Test
    void onlyTheChangesHeldLongEnoughAreGivenUp() {
        holds.hold("ks.t", message(1, "{}"), List.of(), 100);
        holds.hold("ks.t", message(2, "{}"), List.of(), 900);

        assertThat(holds.takeHeldBefore("ks.t", 99, 10)).isEmpty();
        assertThat(holds.takeHeldBefore("ks.t", 500, 10)).extracting(held -> held.message().offset())
                .containsExactly(1L);
        assertThat(holds.holds("ks.t")).isTrue();
        assertThat(holds.takeHeldBefore("ks.t", 900, 10)).hasSize(1);
        assertThat(holds.holds("ks.t")).isFalse();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
