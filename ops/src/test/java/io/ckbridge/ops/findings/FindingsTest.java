package io.ckbridge.ops.findings;

import static io.ckbridge.ops.findings.Recorded.START;
import static io.ckbridge.ops.findings.Recorded.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {
    @Test
    void aFindingKeepsTheTimeItWasFirstSeenWhileItHoldsAndTheMostSevereComeFirst() {
        List<List<Finding>> polls = new ArrayList<>();
        FindingRule rule = (now, history) -> polls.isEmpty() ? List.of() : polls.remove(0);
        Findings findings = new Findings(List.of(rule));
        var empty = new ObjectMapper().createObjectNode();

        polls.add(List.of(finding("a", Severity.WARNING, START)));
        assertThat(findings.evaluate(snapshot(START, empty, List.of(), List.of()), Recorded.history()))
                .extracting(Finding::sinceMs).containsExactly(START);
        polls.add(List.of(finding("a", Severity.WARNING, START + 5_000), finding("b", Severity.CRITICAL,
                START + 5_000)));
        assertThat(findings.evaluate(snapshot(START + 5_000, empty, List.of(), List.of()), Recorded.history()))
                .extracting(Finding::id, Finding::sinceMs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", START + 5_000),
                        org.assertj.core.groups.Tuple.tuple("a", START));
        polls.add(List.of());
        findings.evaluate(snapshot(START + 10_000, empty, List.of(), List.of()), Recorded.history());
        polls.add(List.of(finding("a", Severity.WARNING, START + 15_000)));
        assertThat(findings.evaluate(snapshot(START + 15_000, empty, List.of(), List.of()), Recorded.history()))
                .extracting(Finding::sinceMs).as("gone, then back: seen anew").containsExactly(START + 15_000);
    }

    private static Finding finding(String id, Severity severity, long now) {
        return new Finding(id, "test", severity, id, "why", "action", List.of(), now);
    }
}
