package io.ckbridge.cli.day2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class Day2ReportTest {
    private static final Day2Settings SETTINGS = new Day2Settings(100, 60);

    private static Day2Report report(long lost, List<Check> checks) {
        return new Day2Report("node-loss", 3, SETTINGS, 95_400,
                List.of(new Timeline.Step(10_000, "cassandra-3: kill -9")),
                List.of(new PathReport("sink", "producer → day2_sink", 6_000, 6_000 - lost, lost, 0, 4_200, 900,
                        List.of("arrivals seen every 500 ms")),
                        new PathReport("cdc", "day2.events → cdc.day2.events", 6_000, 6_000, 0, 0, 1_250, 300,
                                List.of())),
                List.of(new FindingsWatch.Episode("node-unreachable:127.0.0.1:7399", "node-unreachable", "CRITICAL",
                        "node 127.0.0.3 does not answer", 12_300, 41_000L, false),
                        new FindingsWatch.Episode("tasks-max:x", "tasks-max", "WARNING", "old", -5_000, null, true)),
                null, checks, List.of("a note"));
    }

    private static String printed(Day2Report report) {
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void passesOnlyWhenNothingIsLostAndEveryCheckHolds() {
        assertThat(report(0, List.of(new Check("repair DONE", true))).passed()).isTrue();
        assertThat(report(3, List.of(new Check("repair DONE", true))).passed()).isFalse();
        assertThat(report(0, List.of(new Check("repair DONE", false))).passed()).isFalse();
    }

    @Test
    void printsStepsPathsFindingsWithTheirTimesAndTheVerdict() {
        String text = printed(report(0, List.of(new Check("repair DONE", true))));
        assertThat(text).contains("Day-2 rehearsal node-loss: 3 node(s), 100 records/s on each path, 1:35.4 in all")
                .contains("  +0:10.0  cassandra-3: kill -9")
                .containsPattern("sink +6,000 +6,000 +0 +0 +4\\.20 s +0\\.90 s")
                .contains("    arrivals seen every 500 ms")
                .contains("  +0:12.3 → +0:41.0 CRITICAL node-unreachable: node 127.0.0.3 does not answer")
                .contains("(1 finding(s) held before it began; not listed)")
                .contains("  ok   repair DONE").contains("  a note")
                .endsWith("Nothing lost; every check holds.\n")
                .doesNotContain("tasks-max");
    }

    @Test
    void saysWhatWasLost() {
        assertThat(printed(report(12, List.of()))).contains("LOST 12 record(s)");
        assertThat(printed(report(0, List.of(new Check("restored 5 rows of 6", false)))))
                .contains("  FAIL restored 5 rows of 6").contains("a check failed");
    }

    @Test
    void clockTellsMinutesSecondsAndTenths() {
        assertThat(Timeline.clock(0)).isEqualTo("+0:00.0");
        assertThat(Timeline.clock(61_250)).isEqualTo("+1:01.2");
    }
}
