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
        row.ck = NODES.objectNode().put("seq", 7).put("at", "2026-11-26T08:00:00.123Z");
        row.mt = 1_700_000_000_000_123L;
        CellState price = new CellState();
        price.t = 1_700_000_000_000_456L;
        price.v = NODES.numberNode(new BigDecimal("12.345678901234567890123"));
        row.c.put("price", price);
        CellState gone = new CellState();
        gone.t = 5;
        gone.x = true;
        row.c.put("note", gone);

        byte[] bytes = StateCodec.write(row);
        RowState back = StateCodec.read(bytes, RowState.class);

        assertThat(bytes[0]).as("Smile header, not text").isEqualTo((byte) ':');
        assertThat(back.ck).isEqualTo(row.ck);
        assertThat(back.mt).isEqualTo(row.mt);
        assertThat(back.dt).isEqualTo(RowState.NONE);
        assertThat(back.c.get("price").v.isBigDecimal()).as("decimal, not double").isTrue();
        assertThat(back.c.get("price").v.decimalValue()).isEqualTo(new BigDecimal("12.345678901234567890123"));
        assertThat(back.c.get("note").x).isTrue();
    }

    @Test
    void readsStatesWrittenAsTextJsonByEarlierVersions() {
        byte[] legacy = "{\"ck\":{\"seq\":7},\"mt\":42,\"c\":{\"name\":{\"t\":42,\"v\":\"ada\"}},\"nt\":42}".getBytes(StandardCharsets.UTF_8);

        RowState row = StateCodec.read(legacy, RowState.class);

        assertThat(row.ck.get("seq").asInt()).isEqualTo(7);
        assertThat(row.c.get("name").v.asText()).isEqualTo("ada");
        assertThat(row.nt).isEqualTo(42);
        assertThat(row.dt).isEqualTo(RowState.NONE);
    }
}
