package io.ckbridge.materializer.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Test
    void rowStateRoundTripsThroughSmileKeepingExactValues() {
        RowState row = new RowState();
        row.clustering = NODES.objectNode().put("seq", 7).put("at", "2026-11-26T08:00:00.123Z");
        row.markerTs = 1_700_000_000_000_123L;
        CellState price = new CellState();
        price.ts = 1_700_000_000_000_456L;
        price.value = NODES.numberNode(new BigDecimal("12.345678901234567890123"));
        row.cells.put("price", price);
        CellState gone = new CellState();
        gone.ts = 5;
        gone.tombstone = true;
        row.cells.put("note", gone);

        byte[] bytes = StateCodec.write(row);
        RowState back = StateCodec.read(bytes, RowState.class);

        assertThat(bytes[0]).as("Smile header, not text").isEqualTo((byte) ':');
        assertThat(back.clustering).isEqualTo(row.clustering);
        assertThat(back.markerTs).isEqualTo(row.markerTs);
        assertThat(back.deletionTs).isEqualTo(RowState.NONE);
        assertThat(back.cells.get("price").value.isBigDecimal()).as("decimal, not double").isTrue();
        assertThat(back.cells.get("price").value.decimalValue()).isEqualTo(new BigDecimal("12.345678901234567890123"));
        assertThat(back.cells.get("note").tombstone).isTrue();
    }

    @Test
    void readsStatesWrittenAsTextJsonByEarlierVersions() {
        byte[] legacy =
                "{\"ck\":{\"seq\":7},\"mt\":42,\"c\":{\"name\":{\"t\":42,\"v\":\"ada\"}},\"nt\":42}".getBytes(
                        StandardCharsets.UTF_8);

        RowState row = StateCodec.read(legacy, RowState.class);

        assertThat(row.clustering.get("seq").asInt()).isEqualTo(7);
        assertThat(row.cells.get("name").value.asText()).isEqualTo("ada");
        assertThat(row.newestTs).isEqualTo(42);
        assertThat(row.deletionTs).isEqualTo(RowState.NONE);
    }

    private static byte[] sample(String name) throws Exception {
        try (var in = StateCodecTest.class.getResourceAsStream("/state-samples/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Written by the version before the fields had descriptive names (their stored names are kept). */
    @Test
    void aRowStateStoredBeforeIsReadAndWrittenAgainByteForByte() throws Exception {
        byte[] stored = sample("row.smile");

        RowState row = StateCodec.read(stored, RowState.class);

        assertThat(row.clustering.toString()).isEqualTo("{\"seq\":7,\"at\":\"2026-11-26T08:00:00.123Z\"}");
        assertThat(row.markerTs).isEqualTo(1_700_000_000_000_100L);
        assertThat(row.markerTtl).isEqualTo(3600);
        assertThat(row.markerExpiresAt).isEqualTo(1_700_003_600L);
        assertThat(row.deletionTs).isEqualTo(1_700_000_000_000_050L);
        CellState price = row.cells.get("price");
        assertThat(price.ts).isEqualTo(1_700_000_000_000_456L);
        assertThat(price.value.decimalValue()).isEqualTo(new BigDecimal("12.345678901234567890123"));
        assertThat(price.ttl).isEqualTo(600);
        assertThat(price.expiresAt).isEqualTo(1_700_000_600L);
        assertThat(row.cells.get("note").tombstone).isTrue();
        assertThat(row.cells.get("note").ts).isEqualTo(1_700_000_000_000_200L);
        CollectionState tags = row.collections.get("tags");
        assertThat(tags.clearedTs).isEqualTo(1_700_000_000_000_099L);
        assertThat(tags.elements).containsOnlyKeys("\"gift\"");
        assertThat(tags.elements.get("\"gift\"").ts).isEqualTo(1_700_000_000_000_300L);
        assertThat(row.newestTs).isEqualTo(1_700_000_000_000_456L);
        assertThat(row.deadSince).isEqualTo(1_700_000_001_000L);
        assertThat(StateCodec.write(row)).isEqualTo(stored);
    }

    @Test
    void aMinimalRowStateStoredBeforeKeepsItsDefaults() throws Exception {
        byte[] stored = sample("row-minimal.smile");

        RowState row = StateCodec.read(stored, RowState.class);

        assertThat(row.markerTs).isEqualTo(RowState.NONE);
        assertThat(row.deletionTs).isEqualTo(RowState.NONE);
        assertThat(row.cells.get("v").value.asText()).isEqualTo("a");
        assertThat(row.collections).isEmpty();
        assertThat(row.newestTs).isEqualTo(10);
        assertThat(StateCodec.write(row)).isEqualTo(stored);
    }

    @Test
    void aPartitionStateStoredBeforeIsReadAndWrittenAgainByteForByte() throws Exception {
        byte[] stored = sample("partition.smile");

        PartitionState partition = StateCodec.read(stored, PartitionState.class);

        assertThat(partition.deletionTs).isEqualTo(1_700_000_000_000_010L);
        assertThat(partition.deletionAppliedAtWallMs).isEqualTo(1_700_000_002_000L);
        assertThat(partition.ranges).hasSize(1);
        RangeState range = partition.ranges.get(0);
        assertThat(range.start.toString()).isEqualTo("{\"ck\":10}");
        assertThat(range.startInclusive).isTrue();
        assertThat(range.end.toString()).isEqualTo("{\"ck\":20}");
        assertThat(range.endInclusive).isFalse();
        assertThat(range.ts).isEqualTo(1_700_000_000_000_020L);
        assertThat(range.appliedAtWallMs).isEqualTo(1_700_000_003_000L);
        assertThat(StateCodec.write(partition)).isEqualTo(stored);
    }
}
