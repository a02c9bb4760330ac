package io.ckbridge.ops.repair;

import java.util.List;

/**
 * What to repair and how: a keyspace (all its tables when {@code tables} is empty), the number
 * of segments per node, the intensity, the parallelism and whether the repair is incremental.
 */
public record RepairRequest(String keyspace, List<String> tables, int segmentsPerNode, double intensity,
        RepairParallelism parallelism, boolean incremental) {
    public static final int DEFAULT_SEGMENTS_PER_NODE = 64;

    public RepairRequest {
        if (keyspace == null || keyspace.isBlank()) {
            throw new IllegalArgumentException("a repair needs a keyspace");
        }
        tables = tables == null ? List.of() : tables.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (segmentsPerNode < 1 || segmentsPerNode > 4096) {
            throw new IllegalArgumentException("segments per node must be in 1..4096, not " + segmentsPerNode);
        }
        if (!(intensity > 0 && intensity <= 1)) {
            throw new IllegalArgumentException("intensity must be in (0, 1], not " + intensity);
        }
        if (parallelism == null) {
            parallelism = RepairParallelism.SEQUENTIAL;
        }
    }

    public static RepairRequest of(String keyspace) {
        return new RepairRequest(keyspace, List.of(), DEFAULT_SEGMENTS_PER_NODE, 1.0, RepairParallelism.SEQUENTIAL,
                false);
    }

    SegmentRepair.Options options() {
        return new SegmentRepair.Options(keyspace, tables, parallelism.cassandraName(), incremental);
    }
}
