package io.ckbridge.cli.repair;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.repair.RepairRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * Where {@code bridge repair} sends its commands: the ops server's API, or a repair engine in
 * the CLI itself when no ops server answers. Both answer with the API's JSON.
 */
interface RepairBackend extends AutoCloseable {
    /** How it is reached, for the first line of output. */
    String describe();

    /** Whether this process does the repair (it must stay up until the run ends). */
    boolean local();

    /** The started run's progress. */
    JsonNode start(RepairRequest request);

    /** The created schedule. */
    JsonNode schedule(RepairRequest request, Duration every, Instant start);

    /** {@code {"runs": [...], "schedules": [...]}}. */
    JsonNode list();

    /** {@code {"run": {...}, "segments": [...]}}. */
    JsonNode run(String id);

    /** pause, resume or abort; the run's progress after it. */
    JsonNode act(String id, String action);

    @Override
    void close();
}
