package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.ckbridge.sink.mapping.RowWrite;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which nodes hold a row's partition, so rows of different partitions with the same replicas can
 * share one request: the batch goes to one of those replicas, which writes every row locally.
 */
final class ReplicaGroups {
    private final CqlSession session;

    ReplicaGroups(CqlSession session) {
        this.session = session;
    }

    /** The replicas of the row's partition, or an empty set when the token map is not known. */
    Set<Node> replicasOf(RowWrite row) {
        Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
        if (tokens.isEmpty()) {
            return Set.of();
        }
        return tokens.get().getReplicas(row.mapping().table().getKeyspace(), routingKey(row.partition().components()));
    }

    /** The partition key as Cassandra hashes it: the value itself, or the composite encoding of several. */
    static ByteBuffer routingKey(List<ByteBuffer> components) {
        if (components.size() == 1) {
            return components.get(0).duplicate();
        }
        int size = 0;
        for (ByteBuffer component : components) {
            size += 2 + component.remaining() + 1;
        }
        ByteBuffer composite = ByteBuffer.allocate(size);
        for (ByteBuffer component : components) {
            composite.putShort((short) component.remaining()).put(component.duplicate()).put((byte) 0);
        }
        return composite.flip();
    }
}
