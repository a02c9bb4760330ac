package io.ckbridge.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.DemoTraces;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** './bridge demo', the README's first command, on the test sandbox: twice, as a user may run it. */
@BridgeSandbox
class DemoIT {

    @Test
    void theDemoCarriesEventsFromKafkaThroughCassandraBackToKafkaAndCanRunAgain(Sandbox sandbox) {
        String dir = sandbox.layout().root().toString();
        DemoTraces.clear(sandbox);
        try {
            for (int run = 1; run <= 2; run++) {
                DistCommand.Result result = DistCommand.run(null, Duration.ofMinutes(3), "bridge", "demo", "--dir",
                        dir);

                assertThat(result.exitCode()).as("run %d: %s", run, result.all()).isZero();
                assertThat(result.out())
                        .contains("3. Connectors on Kafka Connect", "sink   pack-events-sink", "source packs")
                        .contains("5. The sink wrote them to Cassandra", "(3 rows)")
                        .contains("6. The source read them back out onto topic test_topic")
                        .contains(
                                "{\"schema\":{\"type\":\"string\",\"optional\":false},"
                                + "\"payload\":\"{\\\"pack\\\":\\\"starter\\\"")
                        .contains("Done: Kafka -> Cassandra -> Kafka")
                        .contains("Dashboard: " + sandbox.ops().address());
                assertThat(result.out().lines().filter(line -> line.contains("\"payload\"")).count()).isEqualTo(3);
            }
        } finally {
            DemoTraces.clear(sandbox);
        }
    }
}
