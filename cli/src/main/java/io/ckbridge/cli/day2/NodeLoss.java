package io.ckbridge.cli.day2;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.sandbox.CassandraNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One node killed with SIGKILL while the load runs (QUORUM still holds on the other two), brought
 * back; the other nodes' hints replay what it missed, and a repair of the keyspace closes what
 * hints could not.
 */
final class NodeLoss implements Scenario {
    private static final String TOTAL_HINTS = "type=Storage,name=TotalHints";
    private static final String HINTS_SUCCEEDED = "type=HintsService,name=HintsSucceeded";
    private static final Duration HINTS_WITHIN = Duration.ofSeconds(90);

    @Override
    public String name() {
        return "node-loss";
    }

    @Override
    public String description() {
        return "one Cassandra node killed with kill -9 and brought back; hints and a repair close the gap";
    }

    @Override
    public int minNodes() {
        return 3;
    }

    @Override
    public void run(ScenarioContext context) throws Exception {
        List<CassandraNode> nodes = context.sandbox().cassandraNodes();
        CassandraNode victim = nodes.get(nodes.size() - 1);
        List<CassandraNode> others = nodes.subList(0, nodes.size() - 1);
        long hintsBefore = sum(context, others, TOTAL_HINTS);
        long deliveredBefore = sum(context, others, HINTS_SUCCEEDED);
        context.step(victim.name() + ": kill -9");
        victim.kill();
        context.jmx().forget(victim);
        context.hold(Duration.ofSeconds(Math.max(10, context.settings().seconds() / 4)));
        long hints = sum(context, others, TOTAL_HINTS) - hintsBefore;
        context.step(victim.name() + ": down; the other nodes hold " + hints + " hints for it; starting it");
        context.startAndAwaitHealthy(victim.name());

        long deadline = System.nanoTime() + HINTS_WITHIN.toNanos();
        long delivered = sum(context, others, HINTS_SUCCEEDED) - deliveredBefore;
        while (delivered < hints && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            delivered = sum(context, others, HINTS_SUCCEEDED) - deliveredBefore;
        }
        context.step(victim.name() + ": " + delivered + " hints delivered to it");
        context.check("the other nodes kept hints for " + victim.name() + " while it was down (" + hints + ")",
                hints > 0);
        context.check("the hints were replayed once it was back (" + delivered + " of " + hints + ")",
                delivered >= hints);

        context.step("repair of keyspace " + Workload.KEYSPACE + " through the ops server");
        long start = System.nanoTime();
        JsonNode run = new OpsRepairs(URI.create(context.sandbox().ops().address()))
                .repair(Workload.KEYSPACE, 4, Duration.ofMinutes(5));
        context.step(String.format("repair %s: %d of %d segments done, %d failed, in %.1f s",
                run.path("state").asText(), run.path("done").asInt(), run.path("total").asInt(),
                run.path("failed").asInt(), (System.nanoTime() - start) / 1e9));
        context.check("the repair of " + Workload.KEYSPACE + " ended DONE (" + run.path("state").asText() + ")",
                run.path("state").asText().equals("DONE"));
    }

    private static long sum(ScenarioContext context, List<CassandraNode> nodes, String metric) {
        long total = 0;
        for (CassandraNode node : nodes) {
            total += context.jmx().metricCount(node, metric);
        }
        return total;
    }

    @Override
    public List<Check> afterwards(ScenarioContext context, List<FindingsWatch.Episode> findings) {
        List<CassandraNode> nodes = context.sandbox().cassandraNodes();
        return List.of(NodeDownFinding.raisedAndCleared(nodes.get(nodes.size() - 1), findings));
    }
}
