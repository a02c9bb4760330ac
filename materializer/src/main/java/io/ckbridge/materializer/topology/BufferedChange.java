package io.ckbridge.materializer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.rawchange.RawChange;
import io.ckbridge.rawchange.RawChangeFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A change waiting in the reorder window: kept parsed in memory with its {@link RawMessage}, and
 * stored as a small JSON header followed by the raw message's own bytes, so that buffering never
 * re-serialises the whole message.
 */
final class BufferedChange {
    final long arrivedMs;
    final RawMessage message;
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

    BufferedChange(long arrivedMs, RawMessage message, String digest, ObjectNode raw, List<String> positions,
            int replicas) {
        this.arrivedMs = arrivedMs;
        this.message = message;
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
        return new PendingChanges.Entry(key, message, raw, List.copyOf(positions), digest, arrivedMs);
    }

    /** The stored form ({@link RawMessage#encode}) with the arrival time, digest and first position. */
    byte[] encode() {
        ObjectNode header = RawChangeFormat.JSON.createObjectNode();
        header.put("a", arrivedMs).put("d", digest);
        header.putArray("s").add(positions.get(0));
        return message.encode(header);
    }

    static BufferedChange decode(byte[] stored) {
        RawMessage.Stored read = RawMessage.decode(stored);
        ObjectNode header = read.header();
        ObjectNode raw = read.tree();
        List<String> positions = new ArrayList<>(3);
        header.path("s").forEach(position -> positions.add(position.asText()));
        JsonNode digest = header.get("d");
        return new BufferedChange(header.path("a").asLong(), read.message(), digest == null || digest.isNull() ? null
                : digest.asText(), raw, positions, 0);
    }

    static byte[] json(JsonNode node) {
        try {
            return RawChangeFormat.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
