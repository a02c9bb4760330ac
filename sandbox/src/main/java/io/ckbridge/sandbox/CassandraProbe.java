package io.ckbridge.sandbox;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import java.time.Duration;
import java.util.function.Function;
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

    static CqlSession session(CassandraConnection connection) {
        return SessionFactory.open(connection, "sandbox-probe", PROBE);
    }

    /** The node's release version once it answers a query, or null while it cannot. */
    static String releaseVersion(SandboxAccess access, String host, int port) {
        if (!Ports.isListening(host, port)) {
            return null;
        }
        return ask(access, host, session -> {
            Row row = session.execute("SELECT release_version FROM system.local").one();
            return row == null ? null : row.getString(0);
        });
    }

    /** How many other nodes the node at {@code host} sees as peers, or -1 while it does not answer. */
    static int peerCount(SandboxAccess access, String host) {
        Integer peers = ask(access, host, session -> session.execute("SELECT peer FROM system.peers_v2").all().size());
        return peers == null ? -1 : peers;
    }

    /**
     * The node's answer with the first login it takes (see {@link SandboxAccess#probeLogins}), or
     * null when it does not answer.
     */
    private static <T> T ask(SandboxAccess access, String host, Function<CqlSession, T> question) {
        long begin = System.nanoTime();
        for (CassandraConnection login : access.probeLogins(host)) {
            try (CqlSession session = session(login)) {
                T answer = question.apply(session);
                LOG.debug("{} answered in {} ms as {}", host, (System.nanoTime() - begin) / 1_000_000,
                        login.username());
                return answer;
            } catch (CassandraConnectionException e) {
                LOG.debug("{}: {}", host, e.getMessage());
                if (e.reason() != CassandraConnectionException.Reason.LOGIN_REFUSED) {
                    return null;
                }
            } catch (RuntimeException e) {
                LOG.debug("{} does not answer yet ({} ms): {}", host, (System.nanoTime() - begin) / 1_000_000,
                        e.toString());
                return null;
            }
        }
        return null;
    }

    /**
     * Loads the driver's classes (about a second on a cold JVM) while the node is still booting,
     * by attempting a session on the given port: it fails, and the real probe later is quick.
     */
    static void warmUp(SandboxAccess access, String host) {
        Thread thread = new Thread(() -> {
            try (CqlSession ignored = session(access.probeLogins(host).get(0))) {
                LOG.debug("warm-up session unexpectedly connected");
            } catch (RuntimeException expected) {
                LOG.trace("warm-up done: {}", expected.toString());
            }
        }, "driver-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
