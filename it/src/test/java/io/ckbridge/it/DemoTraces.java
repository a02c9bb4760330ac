package io.ckbridge.it;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;

/**
 * What the demo sequence leaves in a sandbox: the `blog` keyspace, its topics and the connectors
 * `packs` and `pack-events-sink` (with their stored offsets). The demo tests share these names,
 * which the README fixes, so each starts and ends with none of them, and with no other connector
 * on the worker (one a failed test left behind would show in the demo's connector list).
 */
public final class DemoTraces {
    private DemoTraces() {
    }

    public static void clear(Sandbox sandbox) {
        ConnectClient connect = Connectors.client(sandbox);
        // every connector, not only the demo's: the demo lists the worker's connectors and expects its own alone
        for (String name : connect.connectors()) {
            connect.deleteWithOffsets(name);
        }
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("DROP KEYSPACE IF EXISTS blog");
        }
        Clients.deleteTopics(sandbox, "test_topic", "pack-events-in");
    }
}
