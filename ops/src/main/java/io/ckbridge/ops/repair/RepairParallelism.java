package io.ckbridge.ops.repair;

import java.util.Locale;

/**
 * How Cassandra builds a segment's Merkle trees among its replicas: one replica at a time
 * (sequential, with snapshots: the least load), all at once (parallel), or one replica per data
 * centre at a time (dc-aware).
 */
public enum RepairParallelism {
    SEQUENTIAL("sequential"), PARALLEL("parallel"), DC_AWARE("dc_parallel");

    private final String cassandraName;

    RepairParallelism(String cassandraName) {
        this.cassandraName = cassandraName;
    }

    /** The name {@code StorageService.repairAsync} takes. */
    public String cassandraName() {
        return cassandraName;
    }

    /** {@code sequential}, {@code parallel}, {@code dc-aware} (or Cassandra's {@code dc_parallel}), any case. */
    public static RepairParallelism parse(String name) {
        String normal = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (normal) {
            case "sequential" -> SEQUENTIAL;
            case "parallel" -> PARALLEL;
            case "dc_aware", "dc_parallel", "datacenter_aware" -> DC_AWARE;
            default -> throw new IllegalArgumentException("parallelism '" + name
                    + "' is not one of sequential, parallel, dc-aware");
        };
    }

    /** The CLI's and the API's name. */
    public String label() {
        return this == DC_AWARE ? "dc-aware" : cassandraName;
    }
}
