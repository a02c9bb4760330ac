package io.ckbridge.rawchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawChangeHeaderTest {
    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheLeadingFieldsOfAPublishersMessage() {
        RawChangeHeader head =
                RawChangeHeader.read(bytes("{\"v\":1,\"node\":\"127.0.0.2\",\"segment\":17,\"position\":4096,"
                + "\"keyspace\":\"shop\",\"table\":\"orders\",\"tableId\":\"x\",\"schemaVersion\":\"s\","
                        + "\"digest\":\"abc\","
                + "\"key\":{\"id\":1},\"rows\":[{\"cells\":[]}]}"));

        assertThat(head).isNotNull();
        assertThat(head.isChange()).isTrue();
        assertThat(head.digest()).isEqualTo("abc");
        assertThat(head.qualifiedTable()).isEqualTo("shop.orders");
        assertThat(head.sourcePosition()).isEqualTo("127.0.0.2:17:4096");
    }

    @Test
    void aDigestAfterTheKeyIsNotLookedFor() {
        RawChangeHeader head =
                RawChangeHeader.read(bytes(
                        "{\"v\":1,\"node\":\"n\",\"keyspace\":\"k\",\"table\":\"t\",\"key\":{\"id\":1},"
                        + "\"digest\":\"late\"}"));

        assertThat(head.digest()).isNull();
    }

    @Test
    void snapshotMarkersAndBrokenMessagesAreLeftToTheFullParse() {
        assertThat(RawChangeHeader.read(bytes(
                "{\"v\":1,\"kind\":\"snapshot-start\",\"node\":\"snapshot\",\"keyspace\":\"k\",\"table\":\"t\"}"))
                .isChange()).isFalse();
        assertThat(RawChangeHeader.read(bytes("not json"))).isNull();
        assertThat(RawChangeHeader.read(bytes("{\"v\":1}"))).isNull();
    }
}
