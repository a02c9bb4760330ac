package io.ckbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/** Deploys connectors on a sandbox's Connect worker and waits for them, for tests. */
public final class Connectors {
    private Connectors() {
    }

    public static ConnectClient client(Sandbox sandbox) {
        return new ConnectClient(sandbox.access().connectUrl());
    }

    /** Settings every sink test starts from: the sandbox's Cassandra, JSON without schemas. */
    public static Map<String, String> sinkConfig(Sandbox sandbox, String keyspace, String topics) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.putAll(sandbox.access().connectorSettings()); // node 1, and the sandbox's login and TLS if any
        config.put("cassandra.keyspace", keyspace);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    /** Creates (or reconfigures) a connector and waits until it and its tasks run; fails when one fails. */
    public static void deploy(Sandbox sandbox, String name, Map<String, String> config) {
        ConnectClient connect = client(sandbox);
        connect.put(name, config);
        int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
        AtomicReference<Status> last = new AtomicReference<>();
        try {
            // unknown for a moment after the PUT: the worker registers the connector asynchronously
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last.set(Status.of(connect, name));
                return last.get().failed() || connect.isRunning(name, tasks);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("connector " + name + " not running with " + tasks
                    + " task(s) within 60 s; last status: " + last.get(), e);
        }
        if (last.get().failed()) {
            throw new AssertionError("connector " + name + " failed: " + last.get());
        }
    }

    public static void delete(Sandbox sandbox, String name) {
        client(sandbox).delete(name);
    }

    /** The state of task 0 and its trace, once it is FAILED. */
    public static JsonNode awaitTaskFailed(Sandbox sandbox, String name, Duration within) {
        ConnectClient connect = client(sandbox);
        await().atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> "FAILED".equals(connect.status(name).path("tasks").path(0).path("state").asText()));
        return connect.status(name).path("tasks").path(0);
    }

    /**
     * Waits for a condition on the connector's output. Fails at once when the connector or a task
     * fails or the connector no longer exists, and on timeout with the last value seen and the
     * connector's status, so a failure in CI says whether the connector died, stalled or was merely
     * slow. Once the output is there, the connector's status must still be readable and not failed.
     */
    public static <T> void awaitOutput(Sandbox sandbox, String name, Duration within, String what,
                                       Callable<T> value, Predicate<T> done) {
        ConnectClient connect = client(sandbox);
        AtomicReference<Object> last = new AtomicReference<>("nothing yet");
        AtomicReference<Status> status = new AtomicReference<>();
        try {
            Clients.poll(within).until(() -> {
                status.set(Status.of(connect, name));
                if (status.get().failed() || status.get().missing()) {
                    return true;
                }
                try {
                    T seen = value.call();
                    last.set(seen);
                    return done.test(seen);
                } catch (Exception e) {
                    last.set(e.toString());
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("connector " + name + ": " + what + " not reached within " + within
                    + "; last seen: " + last.get() + "; status: " + Status.of(connect, name), e);
        }
        Status after = status.get().failed() || status.get().missing() ? status.get() : Status.of(connect, name);
        if (after.failed() || after.unreadable() != null) {
            throw new AssertionError("connector " + name + " while waiting for " + what + ": " + after);
        }
    }

    /**
     * What the worker says of a connector: its status document, or why it gave none ({@code
     * unreadable}: the connector is unknown, or Connect did not answer).
     */
    private record Status(JsonNode document, RuntimeException unreadable) {
        static Status of(ConnectClient connect, String name) {
            try {
                return new Status(connect.status(name), null);
            } catch (RuntimeException e) {
                return new Status(null, e);
            }
        }

        /** The connector or one of its tasks is FAILED. */
        boolean failed() {
            if (document == null) {
                return false;
            }
            if ("FAILED".equals(document.path("connector").path("state").asText())) {
                return true;
            }
            for (JsonNode task : document.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** The worker answered that it has no such connector. */
        boolean missing() {
            return unreadable instanceof ConnectClient.ConnectRestException rest && rest.status() == 404;
        }

        @Override
        public String toString() {
            return document != null ? document.toString() : "unavailable (" + unreadable.getMessage() + ")";
        }
    }

    /** A config with extra settings on top. */
    public static Map<String, String> with(Map<String, String> config, String... keyValues) {
        Map<String, String> copy = new HashMap<>(config);
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put(keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }
}
