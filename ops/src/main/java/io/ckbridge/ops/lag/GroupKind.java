package io.ckbridge.ops.lag;

import java.util.Set;

/**
 * What a consumer group is: a Kafka Connect sink's ({@code connect-<connector>}, Connect's own
 * naming), the materializer's (its Kafka Streams application id), or another consumer's.
 */
public record GroupKind(String kind, String connector) {
    public static final String CONNECT_SINK = "connect-sink";
    public static final String MATERIALIZER = "materializer";
    public static final String CONSUMER = "consumer";
    private static final String CONNECT_PREFIX = "connect-";

    public static GroupKind of(String group, Set<String> connectors, Set<String> materializerIds) {
        if (materializerIds.contains(group)) {
            return new GroupKind(MATERIALIZER, null);
        }
        if (group.startsWith(CONNECT_PREFIX) && connectors.contains(group.substring(CONNECT_PREFIX.length()))) {
            return new GroupKind(CONNECT_SINK, group.substring(CONNECT_PREFIX.length()));
        }
        return new GroupKind(CONSUMER, null);
    }
}
