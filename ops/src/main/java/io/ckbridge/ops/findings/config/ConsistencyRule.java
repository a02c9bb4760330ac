package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's consistency level asks for more replicas than its keyspace has (or than there
 * are nodes to hold them): every read or write of it fails with an unavailable error.
 */
final class ConsistencyRule implements ConfigRule {
    static final String RULE = "consistency-unachievable";
    private static final Pattern MAPPED_TABLE = Pattern.compile("topic\\.[^.]+\\.([^.]+)\\.[^.]+\\.mapping");

    @Override
    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        for (ClusterConfig.ConnectorSettings connector : config.connectors()) {
            String level = connector.get("cassandra.consistency.level", "LOCAL_QUORUM").toUpperCase(Locale.ROOT);
            String localDc = connector.get("cassandra.local.datacenter", "");
            for (String keyspace : keyspaces(connector)) {
                ClusterConfig.KeyspaceReplication replication = config.keyspaces().get(keyspace);
                if (replication == null) {
                    continue;
                }
                problem(level, localDc, replication, config.nodesPerDatacenter()).ifPresent(problem -> findings.add(
                        new Finding(RULE + ":" + connector.name() + ":" + keyspace, RULE, Severity.CRITICAL,
                                "connector " + connector.name() + " reads/writes " + keyspace + " at " + level
                                        + ", which " + problem,
                                "A request at a consistency level needs that many replicas of the partition to "
                                        + "answer; when the keyspace's replication (or the nodes there are) cannot "
                                        + "give them, Cassandra fails it at once with an UnavailableException, "
                                        + "whatever the nodes' health: the connector's requests fail every time.",
                                "Lower cassandra.consistency.level (LOCAL_QUORUM with replication 3 per "
                                        + "datacenter is the usual pair), or ALTER KEYSPACE " + keyspace
                                        + " WITH replication = ... and run a full repair of it.",
                                List.of(Evidence.setting("connector " + connector.name(), "cassandra.consistency.level",
                                                level),
                                        Evidence.setting("keyspace " + keyspace, "replication",
                                                replication.strategy() + " " + replication.replicas()),
                                        Evidence.fact("nodes per datacenter: " + config.nodesPerDatacenter())),
                                nowMs)));
            }
        }
        return findings;
    }

    private static TreeSet<String> keyspaces(ClusterConfig.ConnectorSettings connector) {
        TreeSet<String> keyspaces = new TreeSet<>();
        String configured = connector.get("cassandra.keyspace", "");
        if (!configured.isEmpty()) {
            keyspaces.add(configured);
        }
        for (String key : connector.config().keySet()) {
            Matcher matcher = MAPPED_TABLE.matcher(key);
            if (matcher.matches()) {
                keyspaces.add(matcher.group(1));
            }
        }
        return keyspaces;
    }

    /** Why the level cannot be met, if it cannot. */
    static Optional<String> problem(String level, String localDc, ClusterConfig.KeyspaceReplication replication,
            Map<String, Integer> nodesPerDc) {
        Map<String, Integer> replicas = replication.replicas();
        boolean simple = replicas.containsKey(ClusterConfig.KeyspaceReplication.ANY_DATACENTER);
        int total = replication.total();
        int nodes = nodesPerDc.values().stream().mapToInt(Integer::intValue).sum();
        int usable = nodes == 0 ? total : Math.min(total, simple ? nodes : usableReplicas(replicas, nodesPerDc));
        int needed = switch (level) {
            case "ONE", "LOCAL_ONE", "ANY" -> 1;
            case "TWO" -> 2;
            case "THREE" -> 3;
            case "QUORUM", "SERIAL" -> total / 2 + 1;
            case "ALL" -> total;
            case "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_SERIAL" -> simple ? total / 2 + 1 : 0;
            default -> 0;
        };
        if (needed > total) {
            return Optional.of("needs " + needed + " replicas, but the keyspace keeps " + total);
        }
        if (needed > usable) {
            return Optional.of("needs " + needed + " replicas, but only " + usable + " node(s) can hold one");
        }
        if (level.startsWith("LOCAL_") || level.equals("EACH_QUORUM")) {
            if (simple) {
                return Optional.empty(); // SimpleStrategy places replicas in any datacenter
            }
            if (level.startsWith("LOCAL_") && !localDc.isEmpty()) {
                int local = replicas.getOrDefault(localDc, 0);
                if (local == 0) {
                    return Optional.of("needs replicas in the connector's datacenter " + localDc
                            + ", where the keyspace keeps none");
                }
                int localNodes = nodesPerDc.getOrDefault(localDc, local);
                if (level.equals("LOCAL_QUORUM") && local / 2 + 1 > Math.min(local, localNodes)) {
                    return Optional.of("needs " + (local / 2 + 1) + " replicas in " + localDc + ", which has "
                            + localNodes + " node(s)");
                }
            }
        }
        return Optional.empty();
    }

    private static int usableReplicas(Map<String, Integer> replicas, Map<String, Integer> nodesPerDc) {
        int usable = 0;
        for (Map.Entry<String, Integer> dc : replicas.entrySet()) {
            usable += Math.min(dc.getValue(), nodesPerDc.getOrDefault(dc.getKey(), 0));
        }
        return usable;
    }
}
