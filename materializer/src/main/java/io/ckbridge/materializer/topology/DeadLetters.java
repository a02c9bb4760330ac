package io.ckbridge.materializer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The records of the dead-letter topic: the raw change itself (key and value byte for byte as
 * read from its raw topic, so it can be sent there again as it is), with headers that say why it
 * is here and where it came from. Header values are UTF-8 text; numbers in decimal.
 */
final class DeadLetters {
    /** What went wrong, for a person: the table, the message's place, the cause. */
    static final String ERROR_HEADER = "ckbridge.error";
    /** {@link DeadLetterReason#code()}. */
    static final String REASON_HEADER = "ckbridge.reason";
    static final String TOPIC_HEADER = "ckbridge.source.topic";
    static final String PARTITION_HEADER = "ckbridge.source.partition";
    static final String OFFSET_HEADER = "ckbridge.source.offset";
    /** The raw record's own timestamp (ms); the dead-letter record's is the time it was dead-lettered. */
    static final String TIMESTAMP_HEADER = "ckbridge.source.timestamp";
    /** When it was dead-lettered (ms since the epoch). */
    static final String TIME_HEADER = "ckbridge.time";

    private DeadLetters() {
    }

    static Record<byte[], byte[]> record(RawMessage message, DeadLetterReason reason, String error, long nowMs) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, ERROR_HEADER, error);
        add(headers, REASON_HEADER, reason.code());
        if (message.topic() != null) {
            add(headers, TOPIC_HEADER, message.topic());
            add(headers, PARTITION_HEADER, Integer.toString(message.partition()));
            add(headers, OFFSET_HEADER, Long.toString(message.offset()));
        }
        add(headers, TIMESTAMP_HEADER, Long.toString(message.timestamp()));
        add(headers, TIME_HEADER, Long.toString(nowMs));
        byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
        return new Record<>(key, message.value(), Math.max(0, nowMs), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
