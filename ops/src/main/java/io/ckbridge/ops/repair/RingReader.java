package io.ckbridge.ops.repair;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** A keyspace's token ranges with their replicas, as a node's StorageService reports them (nodetool describering). */
public final class RingReader {
    private RingReader() {
    }

    public static List<ReplicatedRange> ranges(MBeanServerConnection mbeans, String keyspace)
            throws IOException, JMException {
        @SuppressWarnings("unchecked")
        Map<List<String>, List<String>> ranges = (Map<List<String>, List<String>>) mbeans.invoke(
                new ObjectName("org.apache.cassandra.db:type=StorageService"), "getRangeToEndpointWithPortMap",
                new Object[] {keyspace}, new String[] {String.class.getName()});
        return parse(ranges);
    }

    /** {@code [start, end] → ["127.0.0.1:7000", ...]} as ranges with replicas named by address. */
    static List<ReplicatedRange> parse(Map<List<String>, List<String>> ranges) {
        List<ReplicatedRange> parsed = new ArrayList<>();
        ranges.forEach((range, endpoints) -> {
            Set<String> replicas = new LinkedHashSet<>();
            endpoints.forEach(endpoint -> replicas.add(address(endpoint)));
            parsed.add(new ReplicatedRange(new TokenRange(Long.parseLong(range.get(0)), Long.parseLong(range.get(1))),
                    replicas));
        });
        return parsed;
    }

    static String address(String endpoint) {
        String host = endpoint.startsWith("/") ? endpoint.substring(1) : endpoint;
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }
}
