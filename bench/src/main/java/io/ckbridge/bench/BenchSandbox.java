package io.ckbridge.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.ckbridge.sandbox.Sandbox;
import io.ckbridge.sandbox.SandboxSettings;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The sandbox a benchmark runs on: started if needed, with clients for its servers. */
public final class BenchSandbox {
    private BenchSandbox() {
    }

    public static Sandbox running(Path dir, PrintWriter out) {
        Sandbox sandbox = Sandbox.create(dir, Sandbox.savedSettings(dir).orElse(SandboxSettings.defaults()));
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
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.settings().bootstrapServers()));
    }

    public static CqlSession session(Sandbox sandbox) {
        SandboxSettings settings = sandbox.settings();
        var builder = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(SandboxSettings.nodeAddress(1), settings.cassandraPort()))
                .withLocalDatacenter(SandboxSettings.DATACENTER)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build());
        if (settings.cassandraAuth()) {
            builder.withAuthCredentials(SandboxSettings.SUPERUSER, SandboxSettings.SUPERUSER_PASSWORD);
        }
        return builder.build();
    }
}
