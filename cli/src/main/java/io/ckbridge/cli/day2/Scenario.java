package io.ckbridge.cli.day2;

import io.ckbridge.sandbox.Sandbox;
import java.util.List;

/** One Day-2 operation, done on the sandbox while the load runs. */
interface Scenario {
    String name();

    /** One line: what the scenario does. */
    String description();

    /** The fewest Cassandra nodes it needs. */
    default int minNodes() {
        return 1;
    }

    /** Refuses, before anything is prepared, a sandbox the scenario cannot run on (with what to do). */
    default void requireReady(Sandbox sandbox, Day2Settings settings) {
    }

    void run(ScenarioContext context) throws Exception;

    /** Checks made once the load has drained, over the findings ops raised (and whatever the run noted). */
    default List<Check> afterwards(ScenarioContext context, List<FindingsWatch.Episode> findings) {
        return List.of();
    }
}
