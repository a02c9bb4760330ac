package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableIncarnationsTest {
    // time-based ids, as Cassandra makes them: OLD_ID was created before NEW_ID
    private static final String OLD_ID = "5bf4fdc0-e9b9-11f1-bb8d-f934123e6020";
    private static final String NEW_ID = "6e0e2b80-e9b9-11f1-bb8d-f934123e6020";

    private KeyValueStore<String, byte[]> rows;

    @BeforeEach
    void store() {
        rows = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("rows"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        rows.init(new MockProcessorContext<>().getStateStoreContext(), rows);
        rows.put("ks.t|{\"id\":1}|R[]", bytes("old row"));
        rows.put("ks.t|{\"id\":2}|P", bytes("old partition"));
        rows.put("ks.tt|{\"id\":1}|R[]", bytes("another table's row"));
    }

    @Test
    void aNewerTableOfTheSameNameStartsEmpty() {
        TableIncarnations incarnations = new TableIncarnations(new KvRowStore(rows));
        assertThat(incarnations.check("ks.t", OLD_ID)).isEqualTo(TableIncarnations.Verdict.CURRENT);
        assertThat(incarnations.check("ks.t", OLD_ID)).isEqualTo(TableIncarnations.Verdict.CURRENT);

        assertThat(incarnations.check("ks.t", NEW_ID)).isEqualTo(TableIncarnations.Verdict.RECREATED);

        assertThat(rows.get("ks.t|{\"id\":1}|R[]")).isNull();
        assertThat(rows.get("ks.t|{\"id\":2}|P")).isNull();
        assertThat(rows.get("ks.tt|{\"id\":1}|R[]")).as("a table whose name starts alike").isNotNull();
        assertThat(incarnations.check("ks.t", NEW_ID)).isEqualTo(TableIncarnations.Verdict.CURRENT);
    }

    @Test
    void aLateChangeOfTheDroppedTableHasNothingToApplyTo() {
        TableIncarnations incarnations = new TableIncarnations(new KvRowStore(rows));
        incarnations.check("ks.t", NEW_ID);

        assertThat(incarnations.check("ks.t", OLD_ID)).isEqualTo(TableIncarnations.Verdict.DROPPED);
        assertThat(rows.get("ks.t|{\"id\":1}|R[]")).as("the current table's state stays").isNotNull();
    }

    @Test
    void theIdHeldSurvivesARestart() {
        new TableIncarnations(new KvRowStore(rows)).check("ks.t", OLD_ID);

        TableIncarnations restarted = new TableIncarnations(new KvRowStore(rows));

        assertThat(restarted.check("ks.t", OLD_ID)).isEqualTo(TableIncarnations.Verdict.CURRENT);
        assertThat(restarted.check("ks.t", NEW_ID)).isEqualTo(TableIncarnations.Verdict.RECREATED);
    }

    @Test
    void changesWithoutAnIdCountAsCurrent() {
        TableIncarnations incarnations = new TableIncarnations(new KvRowStore(rows));
        incarnations.check("ks.t", NEW_ID);

        assertThat(incarnations.check("ks.t", null)).isEqualTo(TableIncarnations.Verdict.CURRENT);
        assertThat(rows.get("ks.t|{\"id\":1}|R[]")).isNotNull();
    }

    @Test
    void idsThatAreNotTimeBasedCountAsNewer() {
        assertThat(TableIncarnations.isNewer(NEW_ID, OLD_ID)).isTrue();
        assertThat(TableIncarnations.isNewer(OLD_ID, NEW_ID)).isFalse();
        assertThat(TableIncarnations.isNewer("0b6a8a1e-4d2f-4c1e-9b7a-2f1d3c4b5a69", OLD_ID)).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
