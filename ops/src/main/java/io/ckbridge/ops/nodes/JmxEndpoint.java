package io.ckbridge.ops.nodes;

import java.util.ArrayList;
import java.util.List;

/** A Cassandra node's JMX address, {@code host:port} (7199 when no port is given). */
public record JmxEndpoint(String host, int port) {
    static final int DEFAULT_PORT = 7199;

    public static List<JmxEndpoint> parse(List<String> addresses) {
        List<JmxEndpoint> endpoints = new ArrayList<>();
        for (String address : addresses) {
            String trimmed = address.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                endpoints.add(new JmxEndpoint(trimmed, DEFAULT_PORT));
                continue;
            }
            try {
                endpoints.add(new JmxEndpoint(trimmed.substring(0, colon),
                        Integer.parseInt(trimmed.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cassandra.jmx: '" + trimmed + "' is not host:port");
            }
        }
        return endpoints;
    }

    public String address() {
        return host + ":" + port;
    }
}
