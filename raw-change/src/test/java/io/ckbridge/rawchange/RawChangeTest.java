package io.ckbridge.rawchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawChangeTest {
    @Test
    void nodeOfASourcePositionKeepsAddressesWithColons() {
        assertThat(RawChange.nodeOf("127.0.0.2:1764:3310")).isEqualTo("127.0.0.2");
        assertThat(RawChange.nodeOf("fe80::1:1764:3310")).isEqualTo("fe80::1");
        assertThat(RawChange.nodeOf("snapshot:s-42")).isEqualTo("snapshot");
        assertThat(RawChange.nodeOf("node-a")).isEqualTo("node-a");
    }

    @Test
    void theTableIdIsReadWhenThePublisherGivesIt() throws Exception {
        String withId =
                "{\"v\":1,\"node\":\"n1\",\"keyspace\":\"ks\",\"table\":\"t\","
                + "\"tableId\":\"6e0e2b80-e9b9-11f1-bb8d-f934123e6020\","
                + "\"key\":{\"pk\":1},\"rows\":[]}";
        String withoutId = withId.replace(",\"tableId\":\"6e0e2b80-e9b9-11f1-bb8d-f934123e6020\"", "");

        assertThat(RawChangeReader.read("{\"pk\":1}", withId.getBytes(StandardCharsets.UTF_8)).tableId())
                .isEqualTo("6e0e2b80-e9b9-11f1-bb8d-f934123e6020");
        assertThat(RawChangeReader.read("{\"pk\":1}", withoutId.getBytes(StandardCharsets.UTF_8)).tableId()).isNull();
    }
}
