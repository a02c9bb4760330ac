package io.ckbridge.materializer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ckbridge.rawchange.RawChange;
import io.ckbridge.rawchange.RawChangeReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SnapshotRunTest {
    private static final String TOPIC = "cdc.raw.ks.t";

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final SnapshotRun run = new SnapshotRun(producer, TOPIC, 3, "ks", "t", "s-1");

    private static byte[] row(int id) {
        return ("{\"row\":" + id + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> sent(MockProducer<String, byte[]> producer) {
        return producer.history().stream().map(SnapshotRunTest::describe).toList();
    }

    private static String describe(ProducerRecord<String, byte[]> record) {
        if (record.key() != null) {
            return "row " + record.key();
        }
        RawChange marker = RawChangeReader.read(null, record.value());
        return marker.kind().wireName() + "@" + record.partition() + (marker.abortReason() == null ? ""
                : " aborted: " + marker.abortReason());
    }

    @Test
    void aRunSendsStartMarkersItsRowsAndEndMarkers() throws Exception {
        long sent = run.run(sending -> {
            sending.send("1", row(1));
            sending.send("2", row(2));
            return 2;
        });

        assertThat(sent).isEqualTo(2);
        assertThat(sent(producer)).containsExactly("snapshot-start@0", "snapshot-start@1", "snapshot-start@2",
                "row 1", "row 2", "snapshot-end@0", "snapshot-end@1", "snapshot-end@2");
        assertThat(run.abortSent()).isFalse();
    }

    @Test
    void aRunThatFailsReadingMidwaySendsAbortMarkersThenThrows() {
        assertThatThrownBy(() -> run.run(sending -> {
            sending.send("1", row(1));
            throw new IllegalStateException("Cassandra read timed out");
        })).hasMessage("Cassandra read timed out");

        String aborted = " aborted: IllegalStateException: Cassandra read timed out";
        assertThat(sent(producer)).containsExactly("snapshot-start@0", "snapshot-start@1", "snapshot-start@2",
                "row 1", "snapshot-end@0" + aborted, "snapshot-end@1" + aborted, "snapshot-end@2" + aborted);
        assertThat(run.abortSent()).isTrue();
    }

    @Test
    void aRowKafkaRefusesAbortsTheRunToo() throws Exception {
        MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        SnapshotRun refused = new SnapshotRun(refusing, TOPIC, 1, "ks", "t", "s-2");
        // Kafka acknowledges the start marker, refuses the row, acknowledges the abort marker
        Thread kafka = new Thread(() -> {
            awaitSends(refusing, 1);
            refusing.completeNext();
            awaitSends(refusing, 2);
            refusing.errorNext(new RuntimeException("record too large"));
            awaitSends(refusing, 3);
            refusing.completeNext();
        });
        kafka.start();

        assertThatThrownBy(() -> refused.run(sending -> {
            sending.send("1", row(1));
            return 1;
        })).hasMessageContaining("record too large");
        kafka.join(10_000);

        assertThat(sent(refusing)).hasSize(3).last().asString().startsWith("snapshot-end@0 aborted: ")
                .contains("record too large");
        assertThat(refused.abortSent()).isTrue();
    }

    private static void awaitSends(MockProducer<String, byte[]> producer, int count) {
        while (producer.history().size() < count) {
            Thread.onSpinWait();
        }
    }
}
