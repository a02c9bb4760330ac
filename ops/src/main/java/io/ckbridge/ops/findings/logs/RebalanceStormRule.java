package io.ckbridge.ops.findings.logs;

import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Connect worker joined its group again and again: rebalances in a row. */
final class RebalanceStormRule extends LogRule {
    static final String RULE = "connect-rebalances";
    /** So many generations within {@link #SPAN_MS} make a storm. */
    private static final int STORM = 10;
    private static final long SPAN_MS = 5 * 60_000L;

    RebalanceStormRule() {
        super(RULE, Pattern.compile("Joined group at generation (\\d+)"), LogSource.CONNECT);
    }

    @Override
    protected Hit hit(LogLine line, Matcher matcher) {
        return new Hit(line, line.file(), Double.parseDouble(matcher.group(1)));
    }

    @Override
    protected Finding judge(String file, List<Hit> hits, long nowMs) {
        int densest = 0;
        int start = 0;
        int bestStart = 0;
        for (int end = 0; end < hits.size(); end++) {
            while (hits.get(end).line().timeMs() - hits.get(start).line().timeMs() > SPAN_MS) {
                start++;
            }
            if (end - start + 1 > densest) {
                densest = end - start + 1;
                bestStart = start;
            }
        }
        if (densest < STORM) {
            return null;
        }
        List<Hit> storm = hits.subList(bestStart, bestStart + densest);
        return new Finding(id(file), RULE, Severity.WARNING,
                "the Connect worker logging to " + file + " went through " + densest + " rebalances within "
                        + SPAN_MS / 60_000 + " min (generation " + Math.round(storm.get(0).figure()) + " → "
                        + Math.round(storm.get(storm.size() - 1).figure()) + ")",
                "Every rebalance of a Connect group revokes and reassigns connectors and tasks: sources stop "
                        + "polling and sinks stop consuming while it runs, and each restart re-reads offsets. A "
                        + "storm comes from workers that leave and join (crashes, GC pauses longer than "
                        + "session.timeout.ms, rolling restarts) or from connectors created, updated and deleted "
                        + "in a loop (each config change is one rebalance).",
                "See which it is in the lines around them: workers joining and leaving (a restart loop, heap, "
                        + "session.timeout.ms / heartbeat.interval.ms), or config changes (a deploy tool "
                        + "re-PUTting configs); scheduled.rebalance.max.delay.ms lets a restarting worker come back "
                        + "without a second rebalance.",
                cite(storm), storm.get(0).line().timeMs());
    }
}
