package io.ckbridge.cli.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ckbridge.cli.CliException;
import io.ckbridge.ops.repair.RepairEngine;
import io.ckbridge.ops.repair.RepairRequest;
import io.ckbridge.ops.repair.RepairViews;
import io.ckbridge.ops.repair.Repairs;
import io.ckbridge.ops.repair.Repairs.NoSuchRunException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repair engine in the CLI's own process, on the same state keyspace the ops server uses: it
 * drives only the runs this command started or resumed, for as long as the command runs.
 */
final class LocalRepairBackend implements RepairBackend {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final RepairEngine engine;
    private final Set<UUID> driven;
    private final String where;

    LocalRepairBackend(RepairEngine engine, Set<UUID> driven, String where) {
        this.engine = engine;
        this.driven = driven;
        this.where = where;
    }

    /** The set of runs to drive, to hand to the engine before it exists. */
    static Set<UUID> drivenRuns() {
        return ConcurrentHashMap.newKeySet();
    }

    private Repairs repairs() {
        return engine.repairs();
    }

    @Override
    public String describe() {
        return "from here (" + where + ")";
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public JsonNode start(RepairRequest request) {
        try {
            // driven before it is stored: the runner may look at it at once
            UUID id = UUID.randomUUID();
            driven.add(id);
            return JSON.valueToTree(repairs().start(request, "bridge repair run (local)", id));
        } catch (IOException e) {
            throw new CliException("Cannot read the ring of " + request.keyspace() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    @Override
    public JsonNode schedule(RepairRequest request, Duration every, Instant start) {
        try {
            return JSON.valueToTree(RepairViews.of(repairs().schedule(request, every, start)));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    @Override
    public JsonNode list() {
        ObjectNode all = JSON.createObjectNode();
        all.set("runs", JSON.valueToTree(repairs().runs()));
        all.set("schedules", JSON.valueToTree(repairs().schedules().stream().map(RepairViews::of).toList()));
        return all;
    }

    @Override
    public JsonNode run(String id) {
        UUID run = id(id);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("run", JSON.valueToTree(repairs().progress(run).orElseThrow(() -> new CliException(
                "No repair run " + id + " ('bridge repair list' shows them)."))));
        answer.set("segments", JSON.valueToTree(repairs().segments(run).stream().map(RepairViews::of).toList()));
        return answer;
    }

    @Override
    public JsonNode act(String id, String action) {
        UUID run = id(id);
        try {
            return JSON.valueToTree(switch (action) {
                case "pause" -> repairs().pause(run);
                case "resume" -> {
                    driven.add(run);
                    yield repairs().resume(run);
                }
                case "abort" -> repairs().abort(run);
                default -> throw new IllegalArgumentException("unknown action " + action);
            });
        } catch (NoSuchRunException | IllegalStateException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new CliException("'" + id + "' is not a run id ('bridge repair list' shows them).");
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
