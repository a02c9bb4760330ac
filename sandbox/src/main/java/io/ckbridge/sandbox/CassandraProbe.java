package io.ckbridge.sandbox;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks a Cassandra node a real CQL question, to know it serves clients. */
final class CassandraProbe {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraProbe.class);
    /** Probes answer fast or not at all: a node still booting is asked again soon. */
    private static final SessionTuning PROBE = config -> config
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(20));

    private CassandraProbe() {
    }

    static CqlSession session(String host, int port, boolean auth) {
        return SessionFactory.open(CassandraConnectionConfig.connection(SandboxSettings.connectionSettings(host, port,
                auth)),
                "sandbox-probe", PROBE);
    }

    /** The node's release version once it answers a query, or null while it cannot. */
    static String releaseVersion(String host, int port, boolean auth) {
        if (!Ports.isListening(host, port)) {
            return null;
        }
        long begin = System.nanoTime();
        try (CqlSession session = session(host, port, auth)) {
            Row row = session.execute("SELECT release_version FROM system.local").one();
            LOG.debug("{}:{} answered in {} ms", host, port, (System.nanoTime() - begin) / 1_000_000);
            return row == null ? null : row.getString(0);
        } catch (RuntimeException e) {
            LOG.debug("{}:{} does not answer yet ({} ms): {}", host, port, (System.nanoTime() - begin) / 1_000_000,
                    e.toString());
            return null;
        }
    }

    /**
     * Loads the driver's classes (about a second on a cold JVM) while the node is still booting,
     * by attempting a session on the given port: it fails, and the real probe later is quick.
     */
    static void warmUp(String host, int port) {
        Thread thread = new Thread(() -> {
            try (CqlSession ignored = session(host, port, false)) {
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
        try (CqlSession session = session(host, port, auth)) {
            return session.execute("SELECT peer FROM system.peers_v2").all().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
