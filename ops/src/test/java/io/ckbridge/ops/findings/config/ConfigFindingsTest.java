package io.ckbridge.ops.findings.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ckbridge.ops.doctor.ConfigReader;
import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The config rules over a recorded cassandra.yaml, a Connect expand=info answer and cluster facts. */
class ConfigFindingsTest {
    private static final ClusterConfig.KeyspaceReplication RF1 = new ClusterConfig.KeyspaceReplication(
            "SimpleStrategy", Map.of(ClusterConfig.KeyspaceReplication.ANY_DATACENTER, 1));
    private static final ClusterConfig.KeyspaceReplication DC1_RF3 = new ClusterConfig.KeyspaceReplication(
            "NetworkTopologyStrategy", Map.of("dc1", 3));

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigFindingsTest.class.getResource(name).toURI());
    }

    private static Map<String, Finding> judge(List<NodeSettings> nodes, Map<String, String> worker,
            Map<String, Integer> partitions, Map<String, ClusterConfig.KeyspaceReplication> keyspaces,
            Map<String, Integer> nodesPerDc) throws Exception {
        List<ClusterConfig.ConnectorSettings> connectors = ConfigReader.connectors(new ObjectMapper().readTree(
                resource("connectors.json").toFile()));
        return new ConfigFindings().evaluate(new ClusterConfig(nodes, worker, connectors, partitions, keyspaces,
                nodesPerDc, ClusterConfig.DEFAULT_CDC_LATENCY_GOAL_MS), 1L).stream()
                .collect(Collectors.toMap(Finding::id, Function.identity()));
    }

    @Test
    void aTenSecondSyncPeriodWithCdcIsFoundUnderEitherNameAndHalfASecondIsNot() throws Exception {
        Map<String, Finding> findings = judge(List.of(ConfigReader.cassandraYaml(resource("cassandra.yaml")),
                ConfigReader.cassandraYaml(resource("cassandra-old-names.yaml"))), Map.of(), Map.of(), Map.of(),
                Map.of());

        Finding slow = findings.get("commitlog-sync-period:cassandra.yaml");
        assertThat(slow.summary()).contains("10000 ms", "1000 ms of CDC latency wanted");
        assertThat(slow.evidence()).extracting(Evidence::location).contains("cassandra.yaml: commitlog_sync_period");
        assertThat(findings).doesNotContainKey("commitlog-sync-period:cassandra-old-names.yaml");
        NodeSettings old = ConfigReader.cassandraYaml(resource("cassandra-old-names.yaml"));
        assertThat(old.millis("commitlog_sync_period")).hasValue(500L);
        assertThat(old.bytes("cdc_total_space")).hasValue(4096L * 1024 * 1024);
    }

    @Test
    void moreTasksThanPartitionsIsFoundAndUnknownTopicsAreNotJudged() throws Exception {
        Finding idle = judge(List.of(), Map.of(), Map.of("orders", 3, "readings", 6), Map.of(), Map.of())
                .get("tasks-max:orders-sink");
        assertThat(idle.severity()).isEqualTo(Severity.INFO);
        assertThat(idle.summary()).contains("tasks.max=8", "3 partition(s)", "5 task(s) idle");
        assertThat(judge(List.of(), Map.of(), Map.of(), Map.of(), Map.of())).doesNotContainKey("tasks-max:orders-sink");
    }

    @Test
    void aConsistencyLevelTheReplicationCannotGiveIsCritical() throws Exception {
        Map<String, Finding> findings = judge(List.of(), Map.of(), Map.of(), Map.of("shop", RF1, "metrics", RF1),
                Map.of("datacenter1", 1));
        assertThat(findings).as("LOCAL_QUORUM of one replica is one").doesNotContainKey(
                "consistency-unachievable:orders-sink:shop");

        findings = judge(List.of(), Map.of(), Map.of(), Map.of("shop", new ClusterConfig.KeyspaceReplication(
                "SimpleStrategy", Map.of(ClusterConfig.KeyspaceReplication.ANY_DATACENTER, 3)), "metrics", DC1_RF3),
                Map.of("dc1", 1));
        assertThat(findings.get("consistency-unachievable:orders-sink:shop").summary())
                .contains("LOCAL_QUORUM", "needs 2 replicas, but only 1 node(s) can hold one");
        assertThat(findings.get("consistency-unachievable:readings-source:metrics").severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(findings).doesNotContainKey("consistency-unachievable:readings-sink:metrics");
    }

    @Test
    void theLevelsNeedsAreCountedAsCassandraCountsThem() {
        Map<String, Integer> threeNodes = Map.of("dc1", 3);
        assertThat(ConsistencyRule.problem("QUORUM", "", DC1_RF3, threeNodes)).isEmpty();
        assertThat(ConsistencyRule.problem("ALL", "", DC1_RF3, Map.of("dc1", 2))).isPresent();
        assertThat(ConsistencyRule.problem("THREE", "", RF1, threeNodes)).hasValueSatisfying(problem ->
                assertThat(problem).isEqualTo("needs 3 replicas, but the keyspace keeps 1"));
        assertThat(ConsistencyRule.problem("LOCAL_QUORUM", "dc2", DC1_RF3, threeNodes)).hasValueSatisfying(
                problem -> assertThat(problem).contains("datacenter dc2, where the keyspace keeps none"));
        assertThat(ConsistencyRule.problem("LOCAL_ONE", "dc1", DC1_RF3, threeNodes)).isEqualTo(Optional.empty());
    }

    @Test
    void toleranceWithoutADeadLetterQueueIsFoundAndWithOneIsNot() throws Exception {
        Map<String, Finding> findings = judge(List.of(), Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(findings.get("tolerance-without-dlq:orders-sink").summary()).contains("(only logged)");
        assertThat(findings).doesNotContainKey("tolerance-without-dlq:readings-sink");
    }

    @Test
    void aWrappingSourceIsNotedAndASinkReadingItUnwrappedIsAMismatch() throws Exception {
        Map<String, String> worker = Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        Map<String, Finding> findings = judge(List.of(), worker, Map.of(), Map.of(), Map.of());

        Finding wraps = findings.get("json-envelope:readings-source");
        assertThat(wraps.severity()).isEqualTo(Severity.INFO);
        assertThat(wraps.summary()).contains("to readings");
        assertThat(wraps.evidence()).extracting(Evidence::location).contains("the Connect worker's properties");
        assertThat(findings.get("json-envelope:readings-sink:readings").severity()).isEqualTo(Severity.WARNING);

        Map<String, Finding> plain = judge(List.of(), Map.of("value.converter",
                "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable", "false"), Map.of(),
                Map.of(), Map.of());
        assertThat(plain.keySet()).noneMatch(id -> id.startsWith("json-envelope"));
    }

    @Test
    void aSettingInAFormTheRuleCannotReadIsSaidNotThrown() throws IOException {
        NodeSettings odd = new NodeSettings("odd.yaml", Map.of("cdc_enabled", "true", "commitlog_sync_period",
                "ten seconds"));
        List<Finding> findings = new ConfigFindings().evaluate(new ClusterConfig(List.of(odd), Map.of(), List.of(),
                Map.of(), Map.of(), Map.of(), 1000), 1L);
        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.summary())
                .contains("commitlog_sync_period: ten seconds is not a quantity"));
    }
}
