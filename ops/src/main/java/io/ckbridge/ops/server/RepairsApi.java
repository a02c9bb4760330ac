package io.ckbridge.ops.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ckbridge.ops.repair.RepairParallelism;
import io.ckbridge.ops.repair.RepairRequest;
import io.ckbridge.ops.repair.RepairSchedule;
import io.ckbridge.ops.repair.RepairViews;
import io.ckbridge.ops.repair.Repairs;
import io.ckbridge.ops.repair.Repairs.NoSuchRunException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/repairs}: runs (start, list, one with its segments, pause / resume / abort) and
 * schedules (create, list, edit, run now, pause / resume, delete).
 */
final class RepairsApi implements HttpHandler {
    static final String PATH = "/api/repairs";
    private static final String SCHEDULES = "schedules";

    private final Supplier<Optional<Repairs>> repairs;
    private final Supplier<String> notReady;
    private final Runnable changed;

    /** @param changed called after a change, so the next poll shows it soon */
    RepairsApi(Supplier<Optional<Repairs>> repairs, Supplier<String> notReady, Runnable changed) {
        this.repairs = repairs;
        this.notReady = notReady;
        this.changed = changed;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (HttpExchanges.fromAnotherSite(exchange)) {
            HttpExchanges.error(exchange, 403, "Refused: a page of another site sent this request.");
            return;
        }
        Optional<Repairs> ready = repairs.get();
        if (ready.isEmpty()) {
            HttpExchanges.error(exchange, 503, notReady.get());
            return;
        }
        String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
        String method = exchange.getRequestMethod();
        try {
            if (parts.length > 0 && parts[0].equals(SCHEDULES)) {
                schedules(exchange, ready.get(), parts, method);
            } else {
                runs(exchange, ready.get(), parts, method);
            }
        } catch (NoSuchRunException e) {
            HttpExchanges.error(exchange, 404, e.getMessage());
        } catch (IllegalArgumentException e) {
            HttpExchanges.error(exchange, 400, e.getMessage());
        } catch (IllegalStateException e) {
            HttpExchanges.error(exchange, 409, e.getMessage());
        } catch (RuntimeException e) {
            HttpExchanges.error(exchange, 500, "Repair failed: " + e);
        }
    }

    private void runs(HttpExchange exchange, Repairs repairs, String[] parts, String method) throws IOException {
        if (parts.length == 0 && method.equals("GET")) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("runs", repairs.runs());
            all.put("schedules", repairs.schedules().stream().map(RepairViews::of).toList());
            HttpExchanges.json(exchange, 200, all);
        } else if (parts.length == 0 && method.equals("POST")) {
            JsonNode body = body(exchange);
            Object started = repairs.start(request(body, null), text(body, "cause", "started through the API"));
            changed.run();
            HttpExchanges.json(exchange, 201, started);
        } else if (parts.length == 1 && method.equals("GET")) {
            UUID id = id(parts[0]);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run", repairs.progress(id).orElseThrow(() -> new NoSuchRunException("no repair run " + id)));
            run.put("segments", repairs.segments(id).stream().map(RepairViews::of).toList());
            HttpExchanges.json(exchange, 200, run);
        } else if (parts.length == 2 && method.equals("POST")) {
            UUID id = id(parts[0]);
            Object changedRun = switch (parts[1]) {
                case "pause" -> repairs.pause(id);
                case "resume" -> repairs.resume(id);
                case "abort" -> repairs.abort(id);
                default -> throw new NoSuchRunException("unknown action '" + parts[1] + "': pause, resume or abort");
            };
            changed.run();
            HttpExchanges.json(exchange, 200, changedRun);
        } else {
            HttpExchanges.error(exchange, 404, "No such resource: " + method + " " + exchange.getRequestURI());
        }
    }

    private void schedules(HttpExchange exchange, Repairs repairs, String[] parts, String method) throws IOException {
        if (parts.length == 1 && method.equals("GET")) {
            HttpExchanges.json(exchange, 200, repairs.schedules().stream().map(RepairViews::of).toList());
        } else if (parts.length == 1 && method.equals("POST")) {
            JsonNode body = body(exchange);
            Instant start = body.hasNonNull("start") ? instant(body.get("start").asText()) : Instant.now();
            RepairSchedule created = repairs.schedule(request(body, null), every(body, null), start);
            changed.run();
            HttpExchanges.json(exchange, 201, RepairViews.of(created));
        } else if (parts.length == 2 && method.equals("GET")) {
            HttpExchanges.json(exchange, 200, RepairViews.of(repairs.scheduleById(id(parts[1]))));
        } else if (parts.length == 2 && method.equals("POST")) {
            UUID id = id(parts[1]);
            JsonNode body = body(exchange);
            RepairSchedule old = repairs.scheduleById(id);
            boolean requestChanged = body.has("keyspace") || body.has("tables") || body.has("segmentsPerNode")
                    || body.has("intensity") || body.has("parallelism") || body.has("incremental");
            RepairSchedule edited = repairs.edit(id, requestChanged ? request(body, old.request()) : null,
                    body.hasNonNull("every") ? every(body, old.every()) : null,
                    body.hasNonNull("nextRun") ? instant(body.get("nextRun").asText()) : null,
                    body.hasNonNull("active") ? body.get("active").asBoolean() : null);
            changed.run();
            HttpExchanges.json(exchange, 200, RepairViews.of(edited));
        } else if (parts.length == 2 && method.equals("DELETE")) {
            UUID id = id(parts[1]);
            repairs.deleteSchedule(id);
            HttpExchanges.json(exchange, 200, Map.of("deleted", id.toString()));
        } else if (parts.length == 3 && method.equals("POST")) {
            UUID id = id(parts[1]);
            Object answer = switch (parts[2]) {
                case "run-now" -> repairs.runNow(id);
                case "pause" -> RepairViews.of(repairs.edit(id, null, null, null, false));
                case "resume" -> RepairViews.of(repairs.edit(id, null, null, null, true));
                default -> throw new NoSuchRunException("unknown action '" + parts[2]
                        + "': run-now, pause or resume");
            };
            changed.run();
            HttpExchanges.json(exchange, 200, answer);
        } else {
            HttpExchanges.error(exchange, 404, "No such resource: " + method + " " + exchange.getRequestURI());
        }
    }

    /** A request from a body's fields; those missing come from {@code base}, or the defaults. */
    static RepairRequest request(JsonNode body, RepairRequest base) {
        RepairRequest defaults = base != null ? base : RepairRequest.of(text(body, "keyspace", "?"));
        List<String> tables = defaults.tables();
        if (body.has("tables")) {
            JsonNode given = body.get("tables");
            tables = new ArrayList<>();
            if (given.isArray()) {
                for (JsonNode table : given) {
                    tables.add(table.asText());
                }
            } else if (!given.isNull()) {
                tables = List.of(given.asText().split(","));
            }
        }
        return new RepairRequest(text(body, "keyspace", base == null ? null : base.keyspace()), tables,
                body.hasNonNull("segmentsPerNode") ? body.get("segmentsPerNode").asInt() : defaults.segmentsPerNode(),
                body.hasNonNull("intensity") ? body.get("intensity").asDouble() : defaults.intensity(),
                body.hasNonNull("parallelism") ? RepairParallelism.parse(body.get("parallelism").asText())
                        : defaults.parallelism(),
                body.hasNonNull("incremental") ? body.get("incremental").asBoolean() : defaults.incremental());
    }

    private static Duration every(JsonNode body, Duration base) {
        if (!body.hasNonNull("every")) {
            if (base == null) {
                throw new IllegalArgumentException("a schedule needs 'every' (7d, 12h, 30m)");
            }
            return base;
        }
        return RepairSchedule.parseEvery(body.get("every").asText());
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (raw.length == 0) {
            return HttpExchanges.JSON.createObjectNode();
        }
        try {
            JsonNode body = HttpExchanges.JSON.readTree(raw);
            if (!body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, String fallback) {
        return body.hasNonNull(field) ? body.get(field).asText() : fallback;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant (2026-12-03T02:00:00Z)");
        }
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new NoSuchRunException("'" + text + "' is not a run or schedule id");
        }
    }
}
