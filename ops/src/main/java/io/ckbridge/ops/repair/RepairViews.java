package io.ckbridge.ops.repair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Schedules, requests and segments as the API shows them (and the CLI, whether through ops or not). */
public final class RepairViews {
    private RepairViews() {
    }

    public static Map<String, Object> of(RepairSchedule schedule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", schedule.id());
        view.putAll(of(schedule.request()));
        view.put("every", RepairSchedule.everyLabel(schedule.every()));
        view.put("everySeconds", schedule.every().toSeconds());
        view.put("nextRun", schedule.nextRun());
        view.put("active", schedule.active());
        view.put("createdAt", schedule.createdAt());
        view.put("lastRunId", schedule.lastRunId());
        return view;
    }

    public static Map<String, Object> of(RepairRequest request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keyspace", request.keyspace());
        view.put("tables", request.tables());
        view.put("segmentsPerNode", request.segmentsPerNode());
        view.put("intensity", request.intensity());
        view.put("parallelism", request.parallelism().label());
        view.put("incremental", request.incremental());
        return view;
    }

    public static Map<String, Object> of(SegmentRecord segment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seq", segment.seq());
        view.put("ranges", segment.segment().ranges().stream().map(TokenRange::toString)
                .collect(Collectors.joining(" ")));
        view.put("replicas", new TreeSet<>(segment.segment().replicas()));
        view.put("state", segment.state());
        view.put("attempts", segment.attempts());
        view.put("coordinator", segment.coordinator());
        view.put("startedAt", segment.startedAt());
        view.put("endedAt", segment.endedAt());
        view.put("tookMs", segment.tookMs());
        view.put("error", segment.error());
        return view;
    }
}
