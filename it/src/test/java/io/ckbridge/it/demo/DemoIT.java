package io.ckbridge.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.DemoTraces;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * './bridge demo', the README's first command, on the test sandbox: twice, as a user may run it.
 * Besides the sink/source round trip it shows a CDC table's raw changes and its update event.
 */
@BridgeSandbox
class DemoIT {

    @Test
    void theDemoCarriesEventsFromKafkaThroughCassandraBackToKafkaAndCanRunAgain(Sandbox sandbox) {
        String dir = sandbox.layout().root().toString();
        DemoTraces.clear(sandbox);
        try {
            for (int run = 1; run <= 2; run++) {
                long start = System.nanoTime();
                DistCommand.Result result = DistCommand.run(null, Duration.ofMinutes(3), "bridge", "demo", "--dir",
                        dir);
                System.out.printf("[demo] run %d took %.1f s%n", run, (System.nanoTime() - start) / 1e9);

                assertThat(result.exitCode()).as("run %d: %s", run, result.all()).isZero();
                assertThat(result.out())
                        .contains("3. Connectors on Kafka Connect", "sink   pack-events-sink", "source packs")
                        .contains("5. The sink wrote them to Cassandra", "(3 rows)")
                        .contains("6. The source read them back out onto topic test_topic")
                        .contains(
                                "{\"schema\":{\"type\":\"string\",\"optional\":false},"
                                + "\"payload\":\"{\\\"pack\\\":\\\"starter\\\"")
                        .contains("7. CDC: a row of blog.pack_stock (WITH cdc = true) inserted, then updated")
                        .contains("Raw changes on cdc.raw.blog.pack_stock", "seats=5", "seats=4")
                        .contains("The change event on cdc.blog.pack_stock", "op u  scope row")
                        .containsPattern("before \\{[^\n]*\"seats\":5")
                        .containsPattern("after  \\{[^\n]*\"seats\":4")
                        .contains("Done: Kafka -> Cassandra -> Kafka")
                        .contains("Dashboard: " + sandbox.ops().address());
                assertThat(result.out().lines().filter(line -> line.contains("\"payload\"")).count()).isEqualTo(3);
                assertThat(result.all().lines().filter(line -> line.contains("WARN")).toList())
                        .as("no client warnings in the demo's output").isEmpty();
            }
        } finally {
            DemoTraces.clear(sandbox);
        }
    }
}
