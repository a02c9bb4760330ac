package io.ckbridge.it;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.ops.connect.ConnectClient;
import io.ckbridge.sandbox.Sandbox;

/**
 * What the demo sequence leaves in a sandbox: the `blog` keyspace, its topics and the connectors
 * `packs` and `pack-events-sink` (with their stored offsets). The demo tests share these names,
 * which the README fixes, so each starts and ends with none of them.
 */
public final class DemoTraces {
    private DemoTraces() {
    }

    public static void clear(Sandbox sandbox) {
        ConnectClient connect = Connectors.client(sandbox);
        connect.deleteWithOffsets("packs");
        connect.deleteWithOffsets("pack-events-sink");
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute("DROP KEYSPACE IF EXISTS blog");
        }
        Clients.deleteTopics(sandbox, "test_topic", "pack-events-in");
    }
}
