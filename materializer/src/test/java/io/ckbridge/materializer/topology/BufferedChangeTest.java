package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChangeFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferedChangeTest {
    private static final String RAW =
            "{\"v\":1,\"kind\":\"change\",\"table\":\"ks.t\",\"digest\":\"d1\","
            + "\"rows\":[{\"cells\":[{\"column\":\"name\",\"ts\":5,\"value\":\"é ü\"}]}]}";

    @Test
    void storedFormKeepsTheRawBytesAndTheHeader() throws Exception {
        ObjectNode raw = (ObjectNode) RawChangeFormat.JSON.readTree(RAW);
        byte[] bytes = RAW.getBytes(StandardCharsets.UTF_8);
        BufferedChange change = new BufferedChange(1_000L, new RawMessage("cdc.raw.ks.t", 2, 7, 2_000L,
                "{\"id\":1}", bytes), "d1", raw, new ArrayList<>(List.of("n1:5:7")), 0);

        byte[] stored = change.encode();
        BufferedChange read = BufferedChange.decode(stored);

        assertThat(read.arrivedMs).isEqualTo(1_000L);
        assertThat(read.message.timestamp()).isEqualTo(2_000L);
        assertThat(read.message.key()).isEqualTo("{\"id\":1}");
        assertThat(read.message.where()).isEqualTo("cdc.raw.ks.t/2@7");
        assertThat(read.message.value()).as("the message itself, not re-serialised").isEqualTo(bytes);
        assertThat(read.digest).isEqualTo("d1");
        assertThat(read.positions).containsExactly("n1:5:7");
        assertThat(read.raw).isEqualTo(raw);
        assertThat(new String(stored, StandardCharsets.UTF_8)).endsWith(RAW);
    }

    @Test
    void entriesStoredAsOneJsonObjectBeforeThisFormatAreStillRead() throws Exception {
        ObjectNode legacy = RawChangeFormat.JSON.createObjectNode();
        legacy.put("a", 10L).put("t", 20L).put("k", "{\"id\":2}").put("d", "d2");
        legacy.set("c", RawChangeFormat.JSON.readTree(RAW));
        legacy.putArray("s").add("cdc.raw.ks.t/1@3");

        BufferedChange read = BufferedChange.decode(BufferedChange.json(legacy));

        assertThat(read.arrivedMs).isEqualTo(10L);
        assertThat(read.message.timestamp()).isEqualTo(20L);
        assertThat(read.message.key()).isEqualTo("{\"id\":2}");
        assertThat(read.message.topic()).as("not kept then").isNull();
        assertThat(read.digest).isEqualTo("d2");
        assertThat(read.positions).containsExactly("cdc.raw.ks.t/1@3");
        assertThat(read.raw.path("digest").asText()).isEqualTo("d1");
    }

    @Test
    void entryCarriesThePositionsOfCopiesAddedWhileItWaited() throws Exception {
        BufferedChange change = new BufferedChange(0L, new RawMessage("t", 0, 0, 0L, "k", RAW.getBytes(
                StandardCharsets.UTF_8)), "d", (ObjectNode) RawChangeFormat.JSON.readTree(RAW),
                new ArrayList<>(List.of("p1")), 0);
        change.addCopy("p2");

        PendingChanges.Entry entry = change.entry("B|1|d");

        assertThat(entry.key()).isEqualTo("B|1|d");
        assertThat(entry.positions()).containsExactly("p1", "p2");
    }
}
