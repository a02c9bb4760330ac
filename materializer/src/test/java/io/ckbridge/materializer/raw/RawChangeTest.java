package io.ckbridge.materializer.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawChangeTest {
    @Test
    void nodeOfASourcePositionKeepsAddressesWithColons() {
        assertThat(RawChange.nodeOf("127.0.0.2:1764:3310")).isEqualTo("127.0.0.2");
        assertThat(RawChange.nodeOf("fe80::1:1764:3310")).isEqualTo("fe80::1");
        assertThat(RawChange.nodeOf("snapshot:s-42")).isEqualTo("snapshot");
        assertThat(RawChange.nodeOf("node-a")).isEqualTo("node-a");
    }
}
