package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {
    @TempDir
    Path stateDir;

    @Test
    void anUnreadableMessageIsDeadLetteredAsItCameWithWhyAndWhereInHeaders() {
        try (MaterializerDriver driver = new MaterializerDriver(stateDir, Map.of())) {
            driver.catalog.tables.put("ks.t", MaterializerDriver.TABLE);
            byte[] garbage = "{\"v\":1,\"keyspace\":\"ks\" not json".getBytes(StandardCharsets.UTF_8);

            driver.send(MaterializerDriver.key(1), garbage);

            List<TestRecord<byte[], byte[]>> dead = driver.deadLetters();
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(garbage);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(MaterializerDriver.key(1));
                assertThat(MaterializerDriver.header(record, DeadLetters.REASON_HEADER)).isEqualTo("unreadable");
                assertThat(MaterializerDriver.header(record, DeadLetters.TOPIC_HEADER))
                        .isEqualTo(MaterializerDriver.RAW_TOPIC);
                assertThat(MaterializerDriver.header(record, DeadLetters.PARTITION_HEADER)).isEqualTo("0");
                assertThat(MaterializerDriver.header(record, DeadLetters.OFFSET_HEADER)).isEqualTo("0");
                assertThat(MaterializerDriver.header(record, DeadLetters.ERROR_HEADER)).contains("cannot be read");
                assertThat(Long.parseLong(MaterializerDriver.header(record, DeadLetters.TIME_HEADER))).isPositive();
                assertThat(MaterializerDriver.header(record, DeadLetters.TIMESTAMP_HEADER)).isNotNull();
            });
            assertThat(driver.metrics.deadLetters(DeadLetterReason.UNREADABLE)).isEqualTo(1);
        }
    }

    /**
     * A change that leaves the reorder window and then fails: it was once dead-lettered as a small
     * JSON error document, which nobody could replay; now it is the raw message, byte for byte
     * (spaces and field order included, as Cassandra's JSON and the publisher wrote them).
     */
    @Test
    void aChangeThatFailsAfterTheReorderWindowIsDeadLetteredByteForByte() {
        try (MaterializerDriver driver = new MaterializerDriver(stateDir, Map.of())) {
            driver.catalog.tables.put("ks.t", MaterializerDriver.TABLE);
            String good = MaterializerDriver.insert(1, "a", 100);
            // an int column given text: Cassandra's own JSON could never hold this
            String bad = "{\"v\":1, \"node\":\"n1\",\"segment\":1,\"position\":200,\"keyspace\":\"ks\",\"table\":\"t\","
                    + "\"digest\":\"bad\",\"key\":{\"id\": 2},\"rows\":[{\"static\":false,\"clustering\":{},"
                    + "\"cells\":[{\"column\":\"n\",\"ts\":200,\"value\":\"not a number\"}]}]}";
            byte[] badBytes = bad.getBytes(StandardCharsets.UTF_8);

            driver.send(MaterializerDriver.key(1), good);
            driver.send(MaterializerDriver.key(2), badBytes);

            assertThat(driver.events()).hasSize(1);
            List<TestRecord<byte[], byte[]>> dead = driver.deadLetters();
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(badBytes);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(MaterializerDriver.key(2));
                assertThat(MaterializerDriver.header(record, DeadLetters.REASON_HEADER))
                        .isEqualTo("event-not-writable");
                assertThat(MaterializerDriver.header(record, DeadLetters.OFFSET_HEADER)).isEqualTo("1");
                assertThat(MaterializerDriver.header(record, DeadLetters.ERROR_HEADER)).contains("ks.t")
                        .contains(MaterializerDriver.RAW_TOPIC + "/0@1");
            });
        }
    }
}
