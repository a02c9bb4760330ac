package io.ckbridge.ops.findings;

import io.ckbridge.ops.history.Series;
import io.ckbridge.ops.history.SeriesHistory;
import io.ckbridge.ops.lag.Commit;
import io.ckbridge.ops.lag.GroupKind;
import io.ckbridge.ops.lag.GroupLag;
import io.ckbridge.ops.lag.LagStatus;
import io.ckbridge.ops.lag.PartitionLag;
import io.ckbridge.ops.watch.PipelineSnapshot;
import java.util.ArrayList;
import java.util.List;

/** A group Burrow's rules judge other than OK: STOP, STALL, REWIND or WARN, with its worst partition's commits. */
final class LagStatusRule implements FindingRule {
    static final String RULE = "lag-status";

    @Override
    public List<Finding> evaluate(PipelineSnapshot now, SeriesHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (GroupLag group : now.lag()) {
            if (!group.status().problem()) {
                continue;
            }
            PartitionLag worst = group.partitions().stream().filter(p -> p.status() == group.status()).findFirst()
                    .orElseThrow();
            long behind = group.partitions().stream().filter(p -> p.status() == group.status())
                    .mapToLong(PartitionLag::lag).sum();
            String who = who(now, group);
            List<Evidence> evidence = new ArrayList<>();
            List<Commit> window = worst.window();
            String place = worst.topic() + "-" + worst.partition();
            if (!window.isEmpty()) {
                Commit first = window.get(0);
                Commit last = window.get(window.size() - 1);
                String commits = window.size() == 1 ? "1 commit" : window.size() + " commits";
                evidence.add(new Evidence(null, first.timestampMs(), last.timestampMs(), (double) first.offset(),
                        (double) last.offset(), null, commits + " on " + place + ", offset " + first.offset() + " → "
                                + last.offset() + ", lag " + first.lag() + " → " + last.lag()));
            }
            new SeriesWindow(history, Series.lagRecords(group.group()), now.timeMs() - 15 * 60_000L).oldest()
                    .ifPresent(oldest -> evidence.add(Evidence.series(Series.lagRecords(group.group()), oldest,
                            new SeriesWindow(history, Series.lagRecords(group.group()), oldest.timeMs()).newest()
                                    .orElse(oldest), "lag of " + group.group() + " in records")));
            String summary;
            String why;
            String action;
            long silentMs = window.isEmpty() ? 0 : now.timeMs() - window.get(window.size() - 1).timestampMs();
            switch (group.status()) {
                case STOP -> {
                    summary = who + " has " + Figures.count(behind) + " records waiting and has not committed for "
                            + Figures.duration(silentMs) + " (STOP)";
                    why = "Nothing consumes these partitions: the consumer is stopped, paused, or cannot reach "
                            + "Kafka; the records wait and age, and once they pass the topic's retention they are "
                            + "deleted unread.";
                    action = stopAction(now, group);
                }
                case STALL -> {
                    summary = who + " commits offset " + worst.committedOffset() + " on " + place
                            + " again and again with " + Figures.count(worst.lag()) + " records waiting (STALL)";
                    why = "The consumer is alive (it commits) but does not get past one record: a record it fails "
                            + "on and retries, or a write it waits on forever.";
                    action = GroupKind.CONNECT_SINK.equals(group.kind())
                            ? "Look at the task's log for the record at " + place + " offset " + worst.committedOffset()
                                    + "; with errors.tolerance=all and a dead-letter queue a bad record is set "
                                    + "aside instead."
                            : "Look at the consumer's log for the record at " + place + " offset "
                                    + worst.committedOffset() + ".";
                }
                case REWIND -> {
                    summary = who + "'s committed offset on " + place + " went back (REWIND)";
                    why = "A committed offset lower than the one before: the group was reset (kafka-consumer-groups "
                            + "--reset-offsets, a connector's offsets altered) or a consumer committed an old "
                            + "position; the records after it are read again.";
                    action = "If nobody reset it on purpose, find which member committed the old offset; consumers "
                            + "downstream see those records twice.";
                }
                default -> {
                    summary = "lag of " + who + " rose at every commit of its window ("
                            + Figures.count(group.totalLag()) + " records now, WARN)";
                    why = "The consumer commits and moves, but slower than the producers write: it falls further "
                            + "behind every minute.";
                    action = GroupKind.CONNECT_SINK.equals(group.kind())
                            ? "Add tasks (tasks.max, up to the topic's partitions) or find what slows the writes "
                                    + "(the nodes' write latency and compactions on this page)."
                            : "Add consumers (up to the partitions) or make each faster.";
                }
            }
            Severity severity = group.status() == LagStatus.STOP || group.status() == LagStatus.STALL
                    ? Severity.CRITICAL : Severity.WARNING;
            findings.add(new Finding(RULE + ":" + group.group(), RULE, severity, summary, why, action, evidence,
                    now.timeMs()));
        }
        return findings;
    }

    private static String who(PipelineSnapshot now, GroupLag group) {
        if (GroupKind.CONNECT_SINK.equals(group.kind())) {
            String state = now.connectorState(group.connector());
            return group.group() + " (connector " + group.connector() + (state.isEmpty() ? "" : ", " + state) + ")";
        }
        return GroupKind.MATERIALIZER.equals(group.kind()) ? group.group() + " (the materializer)" : group.group();
    }

    private static String stopAction(PipelineSnapshot now, GroupLag group) {
        if (!GroupKind.CONNECT_SINK.equals(group.kind())) {
            return "Start the consumer (or, if the group is not used any more, delete it so it stops being judged).";
        }
        String state = now.connectorState(group.connector());
        return switch (state) {
            case "PAUSED" -> "It is paused: resume it (POST /api/connectors/" + group.connector() + "/resume).";
            case "STOPPED" -> "It is stopped: resume it (POST /api/connectors/" + group.connector() + "/resume).";
            case "" -> "The connector is gone: delete the group if it is not coming back.";
            default -> "Check its tasks: a FAILED task says why (restart it after fixing the cause); a RUNNING one "
                    + "that does not commit may not reach Kafka.";
        };
    }
}
