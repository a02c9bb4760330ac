package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.BridgeHome;
import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.CassandraReleases;
import io.ckbridge.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rolling upgrade of the Cassandra nodes to the newest 5.0.x release the distribution holds, as
 * a person does it: per node {@code nodetool drain}, stop, the new binaries, start, wait for the
 * whole pipeline; then {@code nodetool upgradesstables} on each. The publishers must keep up with
 * the change stream throughout (they read the commit logs the new release writes).
 */
final class Upgrade implements Scenario {
    /** The change topic may trail the acknowledged writes by this much once the last node is upgraded. */
    private static final int KEPT_UP_SECONDS = 5;

    /** The nodes the last run upgraded (the ones found on an older release). */
    private List<CassandraNode> upgraded = List.of();

    @Override
    public String name() {
        return "upgrade";
    }

    @Override
    public String description() {
        return "a rolling upgrade of the Cassandra nodes to the newest release in the distribution, then "
                + "upgradesstables on each";
    }

    @Override
    public void requireReady(Sandbox sandbox, Day2Settings settings) {
        BridgeHome home = BridgeHome.locate();
        CassandraReleases releases = CassandraReleases.of(home);
        if (olderNodes(sandbox, home, releases.newest()).isEmpty()) {
            throw new Day2Exception("every node of " + sandbox.layout().root() + " already runs Cassandra "
                    + releases.newest() + ", the newest this distribution holds (it holds "
                    + String.join(", ", releases.versions()) + "): rehearse the upgrade on a sandbox started on an "
                    + "older one, e.g. bridge sandbox day2 upgrade --dir /tmp/upgrade --nodes 3 (a new sandbox for "
                    + "this scenario starts on " + releases.versions().get(0) + ")");
        }
    }

    private static List<CassandraNode> olderNodes(Sandbox sandbox, BridgeHome home, String target) {
        return sandbox.cassandraNodes().stream()
                .filter(node -> CassandraReleases.older(node.release(home), target)).toList();
    }

    @Override
    public void run(ScenarioContext context) throws Exception {
        BridgeHome home = BridgeHome.locate();
        String target = CassandraReleases.of(home).newest();
        List<CassandraNode> nodes = context.sandbox().cassandraNodes();
        Map<String, Integer> formatsBefore = sstableFormats(nodes);
        upgraded = olderNodes(context.sandbox(), home, target);
        for (CassandraNode node : upgraded) {
            String from = node.release(home);
            context.step(node.name() + ": nodetool drain (Cassandra " + from + ")");
            context.jmx().drain(node);
            context.step(node.name() + ": drained; stopping, then the binaries of " + target);
            node.stop();
            context.jmx().forget(node);
            node.useRelease(home, target);
            context.startAndAwaitHealthy(node.name() + " on " + target);
            String reported = context.jmx().releaseVersion(node);
            context.check(node.name() + " reports release " + reported + " after its restart (" + from + " before)",
                    target.equals(reported));
        }
        for (CassandraNode node : nodes) {
            List<String> keyspaces = context.jmx().keyspaces(node);
            context.step(node.name() + ": nodetool upgradesstables (" + keyspaces.size() + " keyspaces)");
            List<String> failed = new ArrayList<>();
            for (String keyspace : keyspaces) {
                int status = context.jmx().upgradeSstables(node, keyspace);
                if (status != 0) {
                    failed.add(keyspace + " (status " + status + ")");
                }
            }
            context.check(node.name() + ": upgradesstables ended well for every keyspace"
                    + (failed.isEmpty() ? "" : "; not for " + failed), failed.isEmpty());
        }
        Map<String, Integer> formatsAfter = sstableFormats(nodes);
        context.note("sstable formats on the nodes' disks before the upgrade " + formatsBefore + ", after "
                + formatsAfter + (formatsBefore.keySet().equals(formatsAfter.keySet())
                ? ": both releases write the same format, so upgradesstables had nothing to rewrite"
                : ": upgradesstables rewrote the older ones"));
        context.hold(Duration.ofSeconds(KEPT_UP_SECONDS));
        keptUp(context);
    }

    /** The change topic trails the acknowledged writes by at most a few seconds of load. */
    private static void keptUp(ScenarioContext context) {
        long acknowledged = context.workload().writer().acknowledged();
        long arrived = context.workload().changes().arrivedCount();
        long behind = Math.max(0, acknowledged - arrived);
        double seconds = behind / (double) context.settings().rate();
        context.check(String.format("the publishers kept up: %,d of %,d acknowledged writes on %s %d s after the "
                        + "last step (%.1f s of load behind, %d s allowed)", arrived, acknowledged,
                        Workload.CHANGE_TOPIC, KEPT_UP_SECONDS, seconds, KEPT_UP_SECONDS),
                seconds <= KEPT_UP_SECONDS);
    }

    /** sstables on every node's disk by format version (the file name's first part, e.g. {@code oa}). */
    private static Map<String, Integer> sstableFormats(List<CassandraNode> nodes) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return countFormats(nodes);
            } catch (UncheckedIOException e) {
                // a compaction removed a file while it was listed
                if (attempt == 3) {
                    throw e.getCause();
                }
            }
        }
    }

    private static Map<String, Integer> countFormats(List<CassandraNode> nodes) throws IOException {
        Map<String, Integer> formats = new TreeMap<>();
        for (CassandraNode node : nodes) {
            if (!Files.isDirectory(node.dataDirectory())) {
                continue;
            }
            try (Stream<Path> files = Files.walk(node.dataDirectory())) {
                files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith("-Data.db") && name.indexOf('-') > 0)
                        .forEach(name -> formats.merge(name.substring(0, name.indexOf('-')), 1, Integer::sum));
            }
        }
        return formats;
    }

    /** Ops must have said each node was down while it was upgraded, and cleared it once it was back. */
    @Override
    public List<Check> afterwards(ScenarioContext context, List<FindingsWatch.Episode> findings) {
        List<Check> checks = new ArrayList<>();
        for (CassandraNode node : upgraded) {
            checks.add(NodeDownFinding.raisedAndCleared(node, findings));
        }
        return checks;
    }
}
