package io.ckbridge.it.sink;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.ServerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With a replica down, writes at ALL fail as unavailable: the sink retries with backoff and,
 * once the node is back, every record is written, in order, without loss.
 */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class SinkRetryIT {

    @Test
    void recordsWaitOutAnUnavailableReplicaAndArriveInOrder(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(
                    "CREATE KEYSPACE IF NOT EXISTS sink_retry WITH replication = {'class': 'NetworkTopologyStrategy', "
                    + "'datacenter1': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS sink_retry.feed (id text PRIMARY KEY, items list<int>)");
        }
        Connectors.deploy(sandbox, "sink-retry", with(Connectors.sinkConfig(sandbox, "sink_retry", "feed"),
                "cassandra.consistency.level", "ALL", "cassandra.write.mode", "Update", "cassandra.update.collections",
                "APPEND", "cassandra.write.retry.backoff.max.ms", "2000"));
        try {
            sandbox.cassandraNodes().get(2).stop();
            String[] records = new String[400];
            for (int i = 0; i < 200; i++) {
                records[2 * i] = "f";
                records[2 * i + 1] = "{\"id\":\"f\",\"items\":[" + i + "]}";
            }
            Clients.send(sandbox, "feed", records);
            // writes fail as unavailable meanwhile; the task must keep retrying, not fail, the whole time
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Connectors.client(sandbox).isRunning("sink-retry", 1));
            assertThat(Connectors.client(sandbox).isRunning("sink-retry", 1)).isTrue();

            sandbox.start(line -> { });
            assertThat(sandbox.status()).allMatch(ServerStatus::up);

            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add(i);
            }
            try (CqlSession session = Clients.cql(sandbox)) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Row row = session.execute("SELECT items FROM sink_retry.feed WHERE id = 'f'").one();
                    return row != null && row.getList(0, Integer.class).size() >= 200;
                });
                assertThat(session.execute("SELECT items FROM sink_retry.feed WHERE id = 'f'").one()
                        .getList(0, Integer.class))
                        .isEqualTo(expected);
            }
        } finally {
            Connectors.delete(sandbox, "sink-retry");
        }
    }
}
