package io.ckbridge.it.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.sandbox.Sandbox;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** On three nodes with RF=3, each write is published once by each replica's publisher, with the same digest. */
@Tag("multinode")
@BridgeSandbox(nodes = 3)
class CdcReplicasIT {

    @Test
    void eachWriteAppearsOncePerReplicaWithOneDigest(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(
                    "CREATE KEYSPACE IF NOT EXISTS cdc_rf3 WITH replication = {'class': 'NetworkTopologyStrategy', "
                    + "'datacenter1': 3}");
            session.execute(
                    "CREATE TABLE IF NOT EXISTS cdc_rf3.orders (id int PRIMARY KEY, total int) WITH cdc = true");
            for (int i = 0; i < 100; i++) {
                session.execute(SimpleStatement.newInstance("INSERT INTO cdc_rf3.orders (id, total) VALUES (" + i + ", "
                        + i * 10 + ")")
                        .setConsistencyLevel(ConsistencyLevel.ALL));
            }
        }

        RawChanges.await(sandbox, "cdc_rf3", "orders", 300, change -> true);
        List<JsonNode> changes = RawChanges.readThroughMarkers(sandbox, "cdc_rf3", "orders");

        assertThat(changes).hasSize(300);
        Map<Integer, Set<String>> nodesByWrite = new HashMap<>();
        Map<Integer, Set<String>> digestsByWrite = new HashMap<>();
        for (JsonNode change : changes) {
            int id = change.path("key").path("id").asInt();
            nodesByWrite.computeIfAbsent(id, k -> new HashSet<>()).add(change.path("node").asText());
            digestsByWrite.computeIfAbsent(id, k -> new HashSet<>()).add(change.path("digest").asText());
        }
        assertThat(nodesByWrite).hasSize(100);
        assertThat(nodesByWrite.values()).allSatisfy(nodes -> assertThat(nodes)
                .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        assertThat(digestsByWrite.values()).allSatisfy(digests -> assertThat(digests).hasSize(1));
        assertThat(new HashSet<>(digestsByWrite.values())).as("different writes, different digests").hasSize(100);
    }
}
