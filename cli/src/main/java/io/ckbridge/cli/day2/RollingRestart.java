package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.CassandraNode;
import io.ckbridge.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each Cassandra node drained and restarted in turn, then the Connect worker, then Kafka's
 * broker: one at a time, the whole pipeline healthy again before the next.
 */
final class RollingRestart implements Scenario {
    private static final String CONNECT = "connect";
    private static final String KAFKA = "kafka";

    @Override
    public String name() {
        return "rolling-restart";
    }

    @Override
    public String description() {
        return "each Cassandra node drained and restarted in turn, then the Connect worker, then the Kafka broker";
    }

    @Override
    public void requireReady(Sandbox sandbox, Day2Settings settings) {
        servers(sandbox, settings.restart());
    }

    /** The servers to restart, in order: those given ({@code --restart}), or every node, connect, kafka. */
    static List<String> servers(Sandbox sandbox, List<String> given) {
        List<String> all = new ArrayList<>();
        sandbox.cassandraNodes().forEach(node -> all.add(node.name()));
        all.add(CONNECT);
        all.add(KAFKA);
        for (String name : given) {
            if (!all.contains(name)) {
                throw new IllegalArgumentException("rolling-restart cannot restart '" + name + "'; it restarts "
                        + String.join(", ", all));
            }
        }
        return given.isEmpty() ? all : given;
    }

    @Override
    public void run(ScenarioContext context) throws Exception {
        for (String name : servers(context.sandbox(), context.settings().restart())) {
            Optional<CassandraNode> node = context.sandbox().cassandraNodes().stream()
                    .filter(each -> each.name().equals(name)).findFirst();
            if (node.isPresent()) {
                context.step(name + ": nodetool drain");
                context.jmx().drain(node.get());
                context.step(name + ": drained; stopping");
                node.get().stop();
                context.jmx().forget(node.get());
            } else if (name.equals(CONNECT)) {
                context.step("connect: stopping the worker");
                context.sandbox().connect().stop();
            } else {
                context.step("kafka: stopping the broker");
                context.sandbox().kafka().stop();
            }
            context.startAndAwaitHealthy(name);
        }
    }

    /** Ops must have said each restarted node was down, and cleared it once the node was back. */
    @Override
    public List<Check> afterwards(ScenarioContext context, List<FindingsWatch.Episode> findings) {
        List<String> restarted = servers(context.sandbox(), context.settings().restart());
        List<Check> checks = new ArrayList<>();
        for (CassandraNode node : context.sandbox().cassandraNodes()) {
            if (restarted.contains(node.name())) {
                checks.add(NodeDownFinding.raisedAndCleared(node, findings));
            }
        }
        return checks;
    }
}
