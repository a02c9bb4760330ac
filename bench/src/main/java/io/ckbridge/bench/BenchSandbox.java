package io.ckbridge.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** The sandbox a benchmark runs on: started if needed, with clients for its servers. */
public final class BenchSandbox {
    private BenchSandbox() {
    }

    public static Sandbox running(Path dir, PrintWriter out) {
        return running(dir, out, 1);
    }

    /** As {@link #running(Path, PrintWriter)}; a sandbox created here gets {@code nodes} nodes. */
    public static Sandbox running(Path dir, PrintWriter out, int nodes) {
        Sandbox sandbox = Sandbox.create(dir, Sandbox.savedSettings(dir).orElse(SandboxSettings.defaults()
                .withNodes(nodes)));
        if (!sandbox.isRunning()) {
            out.println("Starting the sandbox in " + sandbox.layout().root());
            sandbox.start(line -> {
                out.println(line);
                out.flush();
            });
        }
        return sandbox;
    }

    public static Admin admin(Sandbox sandbox) {
        return Admin.create(sandbox.access().kafkaClient(Map.of()));
    }

    /** The benches' driver session: as many requests in flight per connection as the driver allows. */
    public static CqlSession session(Sandbox sandbox) {
        CassandraConnection connection = sandbox.access().cassandra(Duration.ofSeconds(30));
        return SessionFactory.open(connection, "bench",
                config -> config.withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048));
    }
}
