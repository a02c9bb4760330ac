package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChange;
import io.ckbridge.rawchange.RawChangeFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A change waiting in the reorder window: kept parsed in memory, and stored as a small JSON
 * header followed by the raw message's own bytes, so that buffering never re-serialises the
 * whole message.
 */
final class BufferedChange {
    /** First byte of the current encoding; entries written as one JSON object (before it) start with '{'. */
    private static final byte FORMAT = 1;

    final long arrivedMs;
    final long recordTs;
    final String keyText;
    final String digest;
    final ObjectNode raw;
    final List<String> positions;
    /**
     * Copies from this many nodes make it complete; 0: unknown, it waits the whole window (not stored: after a restart
     * it waits).
     */
    final int replicas;
    /**
     * Distinct nodes among the positions: kept as copies arrive, since completeness is asked on every copy and scan.
     */
    private int nodes;

    BufferedChange(long arrivedMs, long recordTs, String keyText, String digest, ObjectNode raw, List<String> positions,
            int replicas) {
        this.arrivedMs = arrivedMs;
        this.recordTs = recordTs;
        this.keyText = keyText;
        this.digest = digest;
        this.raw = raw;
        this.positions = positions;
        this.replicas = replicas;
        this.nodes = (int) positions.stream().map(RawChange::nodeOf).distinct().count();
    }

    /** Notes a copy from another replica (or the same one again) by its position, node:segment:position. */
    void addCopy(String position) {
        String node = RawChange.nodeOf(position);
        if (positions.stream().noneMatch(known -> RawChange.nodeOf(known).equals(node))) {
            nodes++;
        }
        positions.add(position);
    }

    /** Whether a copy from every replica has arrived. */
    boolean complete() {
        return replicas > 0 && nodes >= replicas;
    }

    PendingChanges.Entry entry(String key) {
        return new PendingChanges.Entry(key, keyText, raw, List.copyOf(positions), digest, recordTs, arrivedMs);
    }

    /**
     * The stored form: format byte, header length, header JSON (times, key, digest, first position), raw message bytes.
     */
    byte[] encode(byte[] rawBytes) {
        ObjectNode header = RawChangeFormat.JSON.createObjectNode();
        header.put("a", arrivedMs).put("t", recordTs).put("k", keyText).put("d", digest);
        header.putArray("s").add(positions.get(0));
        byte[] headerBytes = json(header);
        return ByteBuffer.allocate(1 + 4 + headerBytes.length + rawBytes.length)
                .put(FORMAT).putInt(headerBytes.length).put(headerBytes).put(rawBytes).array();
    }

    static BufferedChange decode(byte[] stored) {
        try {
            ObjectNode header;
            ObjectNode raw;
            if (stored[0] == FORMAT) {
                ByteBuffer buffer = ByteBuffer.wrap(stored);
                buffer.get();
                int headerLength = buffer.getInt();
                header = (ObjectNode) RawChangeFormat.JSON.readTree(stored, 5, headerLength);
                raw = (ObjectNode) RawChangeFormat.JSON.readTree(stored, 5 + headerLength, stored.length - 5
                        - headerLength);
            } else {
                header = (ObjectNode) RawChangeFormat.JSON.readTree(stored);
                raw = (ObjectNode) header.get("c");
            }
            List<String> positions = new ArrayList<>(3);
            header.path("s").forEach(position -> positions.add(position.asText()));
            JsonNode digest = header.get("d");
            return new BufferedChange(header.path("a").asLong(), header.path("t").asLong(), header.path("k").asText(),
                    digest == null ? null : digest.asText(), raw, positions, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(JsonNode node) {
        try {
            return RawChangeFormat.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
