package io.ckbridge.cli.day2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks the ops server for its findings every second during the rehearsal and keeps each one's
 * episode: when it was first seen, when it cleared (null while it holds), whether it held before
 * the rehearsal began.
 */
public final class FindingsWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EVERY_MS = 1_000;

    /** One stretch of time a finding held. */
    public record Episode(String id, String rule, String severity, String summary, long raisedMs, Long clearedMs,
            boolean before) {
        Episode cleared(long atMs) {
            return new Episode(id, rule, severity, summary, raisedMs, atMs, before);
        }
    }

    private final URI findings;
    private final Timeline timeline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Episode> open = new HashMap<>();
    private final List<Episode> closed = new ArrayList<>();
    private final Thread thread;
    private volatile boolean watching = true;
    private volatile String unreachable;
    private boolean first = true;

    FindingsWatch(URI opsBase, Timeline timeline) {
        this.findings = opsBase.resolve("/api/findings");
        this.timeline = timeline;
        thread = new Thread(this::watch, "day2-findings");
        thread.setDaemon(true);
    }

    void start() {
        poll();
        thread.start();
    }

    private void watch() {
        while (watching) {
            SinkLoad.sleepNanos(EVERY_MS * 1_000_000);
            poll();
        }
    }

    private void poll() {
        JsonNode answer;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(findings)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                unreachable = "answered " + response.statusCode();
                return;
            }
            answer = JSON.readTree(response.body()).path("findings");
        } catch (IOException e) {
            unreachable = e.toString();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long now = timeline.elapsedMs();
        synchronized (this) {
            Set<String> holding = new HashSet<>();
            for (JsonNode finding : answer) {
                String id = finding.path("id").asText();
                holding.add(id);
                if (!open.containsKey(id)) {
                    Episode episode = new Episode(id, finding.path("rule").asText(),
                            finding.path("severity").asText(), finding.path("summary").asText(),
                            first ? Math.min(0, timeline.offsetMs(finding.path("sinceMs").asLong())) : now, null,
                            first);
                    open.put(id, episode);
                    if (!first) {
                        timeline.say("finding raised: " + episode.severity() + " " + episode.rule() + ": "
                                + episode.summary());
                    }
                }
            }
            for (String id : List.copyOf(open.keySet())) {
                if (!holding.contains(id)) {
                    Episode episode = open.remove(id).cleared(now);
                    closed.add(episode);
                    timeline.say("finding cleared: " + episode.rule() + ": " + episode.summary());
                }
            }
            first = false;
        }
    }

    /** Every episode, in the order raised. */
    synchronized List<Episode> episodes() {
        List<Episode> all = new ArrayList<>(closed);
        all.addAll(open.values());
        all.sort((a, b) -> Long.compare(a.raisedMs(), b.raisedMs()));
        return all;
    }

    /** Why the ops server could not be asked, the last time it could not; null if it always answered. */
    String unreachable() {
        return unreachable;
    }

    @Override
    public void close() {
        watching = false;
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
