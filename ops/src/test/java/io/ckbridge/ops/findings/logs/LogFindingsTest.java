package io.ckbridge.ops.findings.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each log rule over recorded excerpts of the servers' logs (the stock layouts and the sandbox's). */
class LogFindingsTest {
    private static final long NOW = Instant.parse("2026-12-03T10:30:00Z").toEpochMilli();
    private static final long HOUR_AGO = NOW - 3_600_000;
    private static Map<String, Finding> findings;

    @BeforeAll
    static void readExcerpts() throws IOException, URISyntaxException {
        Path folder = Path.of(LogFindingsTest.class.getResource("system.log").toURI()).getParent();
        LogFindings rules = new LogFindings();
        new LogReader(List.of(folder), ZoneOffset.UTC).readNew(rules::offer);
        findings = rules.findings(HOUR_AGO, NOW).stream().collect(Collectors.toMap(Finding::id,
                Function.identity()));
    }

    @Test
    void aLargePartitionOf5sGuardrailNamesTheTableItsSizeAndTheLine() {
        Finding finding = findings.get("large-partition:shop.orders");
        assertThat(finding.summary()).contains("shop.orders", "150.0 MiB", "key 42");
        assertThat(finding.evidence()).extracting(Evidence::location).containsExactly("system.log:2");
        assertThat(finding.action()).contains("partition_size_warn_threshold");
    }

    @Test
    void aPauseOfASecondIsAFindingAndOneOutsideTheWindowIsNot() {
        Finding stock = findings.get("gc-pause:system.log");
        assertThat(stock.severity()).isEqualTo(Severity.WARNING);
        assertThat(stock.summary()).contains("2 time(s)", "the longest 1450 ms");
        // cassandra-2's 2.5 s pause is 90 min old: only its 250 ms one is in the window, no finding
        assertThat(findings).doesNotContainKey("gc-pause:cassandra-2.log");
    }

    @Test
    void droppedMutationsAreCriticalWithTheirCountSummed() {
        Finding finding = findings.get("dropped-messages:system.log:MUTATION_REQ");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.summary()).startsWith("42 MUTATION_REQ message(s) dropped");
        assertThat(finding.evidence()).extracting(Evidence::location).containsExactly("system.log:5", "system.log:6");
    }

    @Test
    void rejectedCdcWritesTombstonesAndCommitLogStallsAreFound() {
        assertThat(findings.get("cdc-writes-rejected:system.log").severity()).isEqualTo(Severity.CRITICAL);
        Finding tombstones = findings.get("tombstones:shop.queue");
        assertThat(tombstones.severity()).as("one read aborted").isEqualTo(Severity.CRITICAL);
        assertThat(tombstones.summary()).contains("2 read(s)", "100001 tombstones", "1 aborted");
        assertThat(findings.get("commitlog-sync:system.log").summary()).contains("52 ms");
    }

    @Test
    void aKilledTaskCitesItsLineWithTheExceptionBelowIt() {
        Finding finding = findings.get("connect-task-killed:source-held-0");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.summary()).contains("Undefined column name tags");
        assertThat(finding.evidence()).singleElement().satisfies(evidence -> {
            assertThat(evidence.location()).isEqualTo("connect.log:6");
            assertThat(evidence.detail()).contains("Task threw", "| org.apache.kafka.connect.errors.ConnectException");
        });
    }

    @Test
    void twelveRebalancesInTwoMinutesAreAStormAndThreeInAnHourAreNot() {
        Finding finding = findings.get("connect-rebalances:connect.log");
        assertThat(finding.summary()).contains("12 rebalances within 5 min", "generation 4 → 15");

        LogFindings calm = new LogFindings();
        for (int i = 0; i < 3; i++) {
            calm.offer(new LogLine(LogSource.CONNECT, "connect.log", i + 1, NOW - 1_200_000L * i,
                    "Joined group at generation " + i));
        }
        assertThat(calm.findings(HOUR_AGO, NOW)).isEmpty();
    }

    @Test
    void theWorkersTwentyMillisecondGcGoalIsFoundHoweverOldItsStartIs() {
        Finding finding = findings.get("connect-gc-goal:connect.log");
        assertThat(finding.summary()).endsWith("-XX:MaxGCPauseMillis=20");
        assertThat(finding.evidence().get(0).location()).isEqualTo("connect.log:3");

        LogFindings restarted = new LogFindings();
        restarted.offer(new LogLine(LogSource.CONNECT, "connect.log", 1, NOW - 7_200_000, "jvm.args = "
                + "-XX:MaxGCPauseMillis=20"));
        restarted.offer(new LogLine(LogSource.CONNECT, "connect.log", 90, NOW - 60_000, "jvm.args = -Xmx512m"));
        assertThat(restarted.findings(NOW - 60_000, NOW)).as("the newest start has G1's 200 ms").isEmpty();
    }

    @Test
    void theMaterializersFencingAndItsRestoresOfRecordsAreFoundInOneFindingWithoutTheEmptyOnes() {
        assertThat(findings.get("materializer-fenced:materializer.log").severity()).isEqualTo(Severity.WARNING);
        Finding restore = findings.get("materializer-restore:materializer.log");
        assertThat(restore.severity()).isEqualTo(Severity.INFO);
        assertThat(restore.summary()).as("the empty timers store is not named").endsWith("restored 500000 "
                + "record(s) from changelogs in 1 restore(s), stores rows");
    }

    @Test
    void aQuarantinedSegmentIsCritical() {
        Finding finding = findings.get("cdc-segment-quarantined:cdc-publisher-1.log");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.evidence().get(0).detail()).contains("CommitLog-8-1733220000000.log");
    }

    @Test
    void theReaderGoesOnWhereItStoppedAndFromTheStartOfAFileThatGotShorter(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("cassandra-1.log");
        Files.writeString(log, "2026-12-03 10:00:00,000 INFO a\n2026-12-03 10:00:01,000 INFO b\npartial");
        LogReader reader = new LogReader(List.of(dir), ZoneOffset.UTC);
        List<LogLine> lines = new ArrayList<>();
        reader.readNew(lines::add);
        assertThat(lines).extracting(LogLine::number).containsExactly(1, 2);

        Files.writeString(log, " line\nstack trace line\n", java.nio.file.StandardOpenOption.APPEND);
        reader.readNew(lines::add);
        assertThat(lines).extracting(LogLine::text).containsExactly("2026-12-03 10:00:00,000 INFO a",
                "2026-12-03 10:00:01,000 INFO b", "partial line", "stack trace line");
        assertThat(lines.get(3).timeMs()).as("the time of the line above")
                .isEqualTo(Instant.parse("2026-12-03T10:00:01Z").toEpochMilli());

        Files.writeString(log, "2026-12-03 11:00:00,000 INFO rotated\n");
        reader.readNew(lines::add);
        assertThat(lines.get(lines.size() - 1).where()).isEqualTo("cassandra-1.log:1");
    }
}
