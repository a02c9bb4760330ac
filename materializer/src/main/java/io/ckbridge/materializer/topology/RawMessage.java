package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChangeFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A raw change message as it was read: where it was on Kafka and its own bytes. It travels with
 * the change through the reorder window and every hold, so that a change that cannot be
 * materialized goes to the dead-letter topic as it came, ready to be sent to its raw topic again.
 *
 * @param topic     its raw topic; null for entries stored before the topic was kept
 * @param partition its partition, -1 when not known
 * @param offset    its offset, -1 when not known
 * @param timestamp the Kafka record's timestamp (ms)
 * @param key       the record key (the partition key as JSON); null for snapshot markers
 * @param value     the message's bytes, as read
 */
record RawMessage(String topic, int partition, long offset, long timestamp, String key, byte[] value) {
    /** First byte of the stored form; entries stored as one JSON object (before it) start with '{'. */
    private static final byte FORMAT = 1;

    /** A stored message and the fields its owner stored beside it. */
    record Stored(ObjectNode header, RawMessage message) {
        /** The message parsed; entries of the form before hold it parsed already, under {@code c}. */
        ObjectNode tree() {
            return header.get("c") instanceof ObjectNode parsed ? parsed : message.tree();
        }
    }

    /** topic/partition@offset, as logs and errors name a message. */
    String where() {
        return topic + "/" + partition + "@" + offset;
    }

    /** The message parsed. */
    ObjectNode tree() {
        try {
            return (ObjectNode) RawChangeFormat.JSON.readTree(value);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored raw change at " + where() + " is not a JSON object", e);
        }
    }

    /**
     * The stored form: format byte, header length, header JSON ({@code header}'s fields and the
     * message's place and key), then the message's own bytes, never re-serialised.
     */
    byte[] encode(ObjectNode header) {
        header.put("t", timestamp).put("k", key);
        if (topic != null) {
            header.put("tp", topic).put("p", partition).put("o", offset);
        }
        byte[] headerBytes = BufferedChange.json(header);
        return ByteBuffer.allocate(1 + 4 + headerBytes.length + value.length)
                .put(FORMAT).putInt(headerBytes.length).put(headerBytes).put(value).array();
    }

    /**
     * Reads {@link #encode}'s form, and the one before it: one JSON object whose {@code c} field
     * holds the parsed message (written out again here: the original bytes were not kept then).
     */
    static Stored decode(byte[] stored) {
        try {
            ObjectNode header;
            byte[] value;
            if (stored[0] == FORMAT) {
                ByteBuffer buffer = ByteBuffer.wrap(stored);
                buffer.get();
                int headerLength = buffer.getInt();
                header = (ObjectNode) RawChangeFormat.JSON.readTree(stored, 5, headerLength);
                value = new byte[stored.length - 5 - headerLength];
                System.arraycopy(stored, 5 + headerLength, value, 0, value.length);
            } else {
                header = (ObjectNode) RawChangeFormat.JSON.readTree(stored);
                value = BufferedChange.json(header.get("c"));
            }
            JsonNode key = header.get("k");
            JsonNode topic = header.get("tp");
            RawMessage message = new RawMessage(topic == null ? null : topic.asText(), header.path("p").asInt(-1),
                    header.path("o").asLong(-1), header.path("t").asLong(), key == null || key.isNull() ? null
                    : key.asText(), value);
            return new Stored(header, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
