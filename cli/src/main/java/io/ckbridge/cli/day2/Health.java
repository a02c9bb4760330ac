package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.CdcPublisherProcess;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.ServerProcess;
import io.ckbridge.sandbox.StatusEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the whole pipeline is healthy, as a person would check before the next step: every
 * server running, every Cassandra node seeing all of them alive, the publishers and the
 * materializer healthy, both connectors and their tasks RUNNING.
 */
final class Health {
    private final Sandbox sandbox;
    private final NodeJmx jmx;
    private final Workload workload;

    Health(Sandbox sandbox, NodeJmx jmx, Workload workload) {
        this.sandbox = sandbox;
        this.jmx = jmx;
        this.workload = workload;
    }

    /** What is not healthy now; empty when all is. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ServerProcess server : sandbox.servers()) {
            if (server.running().isEmpty()) {
                problems.add(server.name() + " is not running");
            }
        }
        int nodes = sandbox.cassandraNodes().size();
        for (CassandraNode node : sandbox.cassandraNodes()) {
            try {
                int live = jmx.liveNodes(node).size();
                if (live < nodes) {
                    problems.add(node.name() + " sees " + live + " of " + nodes + " nodes alive");
                }
            } catch (RuntimeException e) {
                jmx.forget(node);
                problems.add(node.name() + " does not answer over JMX");
            }
        }
        for (CdcPublisherProcess publisher : sandbox.cdcPublishers()) {
            if (!StatusEndpoint.healthy(publisher.metricsPort())) {
                problems.add(publisher.name() + " is not healthy");
            }
        }
        if (!StatusEndpoint.healthy(sandbox.materializer().metricsPort())) {
            problems.add("the materializer is not healthy");
        }
        if (!workload.connectorsRunning()) {
            problems.add("a connector or task is not RUNNING");
        }
        return problems;
    }

    /** Waits until all is healthy; the time it took. */
    Duration await(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<String> problems = problems();
        while (!problems.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new Day2Exception("the pipeline is not healthy " + limit.toSeconds() + " s after the step: "
                        + String.join("; ", problems) + ". See the logs in " + sandbox.layout().logs() + ".");
            }
            Thread.sleep(500);
            problems = problems();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
