package io.ckbridge.cli.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ckbridge.cli.CliException;
import io.ckbridge.ops.repair.RepairRequest;
import io.ckbridge.ops.repair.RepairSchedule;
import io.ckbridge.ops.repair.RepairViews;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The ops server's {@code /api/repairs}. */
final class OpsRepairBackend implements RepairBackend {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    OpsRepairBackend(URI base) {
        this.base = base;
    }

    /** Whether an ops server answers there with repair on (a 503 means it is on but not ready yet). */
    static boolean answers(URI base) {
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(base.resolve("api/repairs")).timeout(Duration.ofSeconds(10))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 || answer.statusCode() == 503 && !answer.body().contains("is off");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits while ops answers that its repair is still opening its state (a sandbox just
     * started), up to {@code limit}; says so once on {@code err}.
     */
    OpsRepairBackend awaitReady(Duration limit, PrintWriter err) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean said = false;
        while (true) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("api/repairs"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 503 || answer.body().contains("is off") || System.nanoTime() > deadline) {
                    return this;
                }
                if (!said) {
                    err.println("The ops server at " + base + " is not ready for repairs yet ("
                            + JSON.readTree(answer.body()).path("error").asText() + "): waiting...");
                    err.flush();
                    said = true;
                }
                Thread.sleep(2_000);
            } catch (IOException e) {
                return this; // the first request says what is wrong
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return this;
            }
        }
    }

    @Override
    public String describe() {
        return "through ops at " + base;
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public JsonNode start(RepairRequest request) {
        ObjectNode body = JSON.valueToTree(RepairViews.of(request));
        body.put("cause", "bridge repair run");
        return send("POST", "api/repairs", body);
    }

    @Override
    public JsonNode schedule(RepairRequest request, Duration every, Instant start) {
        ObjectNode body = JSON.valueToTree(RepairViews.of(request));
        body.put("every", RepairSchedule.everyLabel(every));
        body.put("start", start.toString());
        return send("POST", "api/repairs/schedules", body);
    }

    @Override
    public JsonNode list() {
        return send("GET", "api/repairs", null);
    }

    @Override
    public JsonNode run(String id) {
        return send("GET", "api/repairs/" + id, null);
    }

    @Override
    public JsonNode act(String id, String action) {
        return send("POST", "api/repairs/" + id + "/" + action, null);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
            if (answer.statusCode() >= 300) {
                throw new CliException(json.path("error").asText(answer.body()) + " (ops answered "
                        + answer.statusCode() + ")");
            }
            return json;
        } catch (ConnectException e) {
            throw new CliException("The ops server at " + base + " does not answer: start it, or leave out --ops "
                    + "to repair from here.", e);
        } catch (IOException e) {
            throw new CliException("The ops server at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        // the JDK 17 client has nothing to close
    }
}
