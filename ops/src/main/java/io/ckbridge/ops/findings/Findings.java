package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every rule over each poll: the findings that hold now, each with the time it was first seen
 * (kept while it holds, forgotten once it does not), the most severe and oldest first.
 */
public final class Findings {
    private static final long CORRELATION_WINDOW_MS = 10 * 60_000L;
    private static final long MIN_LAG_RISE = 1_000;
    private static final long DROPPED_WINDOW_MS = 5 * 60_000L;
    private static final long BACKLOG_WINDOW_MS = 2 * 60_000L;
    private static final long MIN_BACKLOG_GROWTH = 16L * 1024 * 1024;

    private final List<FindingRule> rules;
    private final Map<String, Long> firstSeen = new HashMap<>();

    public Findings() {
        this(List.of(new FailedTaskRule(), new LagStatusRule(),
                new LagWithCompactionRule(CORRELATION_WINDOW_MS, MIN_LAG_RISE), new NodeRule(DROPPED_WINDOW_MS),
                new CdcRule(BACKLOG_WINDOW_MS, MIN_BACKLOG_GROWTH), new GcGraceRule()));
    }

    Findings(List<FindingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public synchronized List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        return evaluate(now, history, List.of());
    }

    /** The same, with findings judged elsewhere (the logs', the configuration's) among them. */
    public synchronized List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history, List<Finding> others) {
        List<Finding> judged = new ArrayList<>(others);
        for (FindingRule rule : rules) {
            judged.addAll(rule.evaluate(now, history));
        }
        List<Finding> found = new ArrayList<>();
        Set<String> holding = new HashSet<>();
        for (Finding finding : judged) {
            if (holding.add(finding.id())) {
                long since = firstSeen.computeIfAbsent(finding.id(), id -> finding.sinceMs());
                found.add(finding.since(since));
            }
        }
        firstSeen.keySet().retainAll(holding);
        found.sort(Comparator.comparing(Finding::severity).thenComparingLong(Finding::sinceMs));
        return found;
    }
}
