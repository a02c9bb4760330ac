package io.ckbridge.sandbox;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks a Cassandra node a real CQL question, to know it serves clients. */
final class CassandraProbe {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraProbe.class);
    private CassandraProbe() {
    }

    static CqlSession session(List<InetSocketAddress> contactPoints, boolean auth) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(20))
                // a probe session is closed at once: do not let its event loops linger 2 s
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        var builder = CqlSession.builder()
                .addContactPoints(contactPoints)
                .withLocalDatacenter(SandboxSettings.DATACENTER)
                .withConfigLoader(config);
        if (auth) {
            builder.withAuthCredentials(SandboxSettings.SUPERUSER, SandboxSettings.SUPERUSER_PASSWORD);
        }
        return builder.build();
    }

    /** The node's release version once it answers a query, or null while it cannot. */
    static String releaseVersion(String host, int port, boolean auth) {
        if (!Ports.isListening(host, port)) {
            return null;
        }
        long begin = System.nanoTime();
        try (CqlSession session = session(List.of(new InetSocketAddress(host, port)), auth)) {
            Row row = session.execute("SELECT release_version FROM system.local").one();
            LOG.debug("{}:{} answered in {} ms", host, port, (System.nanoTime() - begin) / 1_000_000);
            return row == null ? null : row.getString(0);
        } catch (RuntimeException e) {
            LOG.debug("{}:{} does not answer yet ({} ms): {}", host, port, (System.nanoTime() - begin) / 1_000_000, e.toString());
            return null;
        }
    }

    /**
     * Loads the driver's classes (about a second on a cold JVM) while the node is still booting,
     * by attempting a session on the given port: it fails, and the real probe later is quick.
     */
    static void warmUp(String host, int port) {
        Thread thread = new Thread(() -> {
            try (CqlSession ignored = session(List.of(new InetSocketAddress(host, port)), false)) {
                LOG.debug("warm-up session unexpectedly connected");
            } catch (RuntimeException expected) {
                LOG.trace("warm-up done: {}", expected.toString());
            }
        }, "driver-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many other nodes the node at {@code host} sees as peers. */
    static int peerCount(String host, int port, boolean auth) {
        try (CqlSession session = session(List.of(new InetSocketAddress(host, port)), auth)) {
            return session.execute("SELECT peer FROM system.peers_v2").all().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
