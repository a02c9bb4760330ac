package io.ckbridge.cli.day2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A repair run started on the ops server ({@code POST /api/repairs}) and followed until it ends. */
final class OpsRepairs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    OpsRepairs(URI base) {
        this.base = base;
    }

    /** Repairs the keyspace; the run's last progress (its {@code state} DONE, FAILED or ABORTED). */
    JsonNode repair(String keyspace, int segmentsPerNode, Duration limit) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("keyspace", keyspace)
                .put("segmentsPerNode", segmentsPerNode));
        long deadline = System.nanoTime() + limit.toNanos();
        HttpResponse<String> started;
        while (true) {
            started = http.send(HttpRequest.newBuilder(base.resolve("/api/repairs")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            // 503: ops' repair is still opening its state (ops was just restarted)
            if (started.statusCode() != 503 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1_000);
        }
        if (started.statusCode() != 201) {
            throw new Day2Exception("the ops server refused the repair of " + keyspace + " (" + started.statusCode()
                    + "): " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        while (true) {
            JsonNode run = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/api/repairs/" + id))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("run");
            String state = run.path("state").asText();
            if (state.equals("DONE") || state.equals("FAILED") || state.equals("ABORTED")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new Day2Exception("repair run " + id + " of " + keyspace + " not done within "
                        + limit.toSeconds() + " s: " + state + ", " + run.path("done").asInt() + " of "
                        + run.path("total").asInt() + " segments");
            }
            Thread.sleep(1_000);
        }
    }
}
