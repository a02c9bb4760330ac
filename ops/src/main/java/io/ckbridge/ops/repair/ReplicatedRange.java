package io.ckbridge.ops.repair;

import java.util.Set;

/** A token range of a keyspace with the nodes holding its replicas (StorageService's range-to-endpoint map). */
public record ReplicatedRange(TokenRange range, Set<String> replicas) {
    public ReplicatedRange {
        replicas = Set.copyOf(replicas);
    }
}
