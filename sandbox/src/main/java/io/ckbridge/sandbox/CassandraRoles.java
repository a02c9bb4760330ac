package io.ckbridge.sandbox;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ckbridge.common.session.CassandraConnectionException;
import io.ckbridge.sandbox.secure.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The secure sandbox's CQL role {@value SandboxAccess#USER}: created on its first start with the
 * generated password, as a superuser (the sandbox's tools create keyspaces and tables), with
 * system_auth replicated to every node (up to three) so a login does not depend on one node; the
 * default superuser {@code cassandra}, whose password everyone knows, can then no longer log in.
 */
final class CassandraRoles {
    private static final Duration LOGIN_WAIT = Duration.ofSeconds(30);

    private CassandraRoles() {
    }

    /** Sets the role up unless it logs in already; the progress line when it did something. */
    static Optional<String> ensure(SandboxAccess access, int nodes) {
        if (!access.secure()) {
            return Optional.empty();
        }
        String seed = SandboxSettings.nodeAddress(1);
        if (logsIn(access)) {
            return Optional.empty();
        }
        Instant begin = Instant.now();
        String password = access.secrets().value(Secrets.CASSANDRA_PASSWORD);
        try (CqlSession session = CassandraProbe.session(access.defaultSuperuser(seed))) {
            session.execute("ALTER KEYSPACE system_auth WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': " + Math.min(3, nodes) + "}");
            // IF NOT EXISTS, then the password: a role left by an earlier, interrupted set-up gets this one
            session.execute("CREATE ROLE IF NOT EXISTS " + SandboxAccess.USER
                    + " WITH SUPERUSER = true AND LOGIN = true AND PASSWORD = '" + password + "'");
            session.execute("ALTER ROLE " + SandboxAccess.USER + " WITH PASSWORD = '" + password + "'");
        } catch (CassandraConnectionException e) {
            throw new SandboxException("cassandra-1 takes neither user " + SandboxAccess.USER + " nor the default "
                    + "superuser (" + e.getMessage() + "). The password of " + SandboxAccess.USER + " in "
                    + access.secrets().file() + " may not be the one the sandbox was set up with: delete the "
                    + "sandbox folder to start afresh.", e);
        } catch (RuntimeException e) {
            // the statements hold the password: say what failed, not what was sent
            throw new SandboxException("cassandra-1: creating role " + SandboxAccess.USER + " failed: "
                    + e.getClass().getSimpleName(), e);
        }
        awaitLogin(access);
        try (CqlSession session = CassandraProbe.session(access.cassandra())) {
            session.execute("ALTER ROLE " + SandboxSettings.SUPERUSER + " WITH SUPERUSER = false AND LOGIN = false");
        }
        return Optional.of(String.format("  %-16s role %s (superuser) created; the default superuser %s cannot "
                + "log in (%.1f s)", "cassandra roles", SandboxAccess.USER, SandboxSettings.SUPERUSER,
                Duration.between(begin, Instant.now()).toMillis() / 1000.0));
    }

    private static boolean logsIn(SandboxAccess access) {
        try (CqlSession ignored = CassandraProbe.session(access.cassandra())) {
            return true;
        } catch (CassandraConnectionException e) {
            if (e.reason() == CassandraConnectionException.Reason.LOGIN_REFUSED) {
                return false;
            }
            throw new SandboxException("cassandra-1: " + e.getMessage(), e);
        }
    }

    /** A node caches a login it refused for a moment (credentials_validity): the new role is taken soon after. */
    private static void awaitLogin(SandboxAccess access) {
        Instant deadline = Instant.now().plus(LOGIN_WAIT);
        while (!logsIn(access)) {
            if (Instant.now().isAfter(deadline)) {
                throw new SandboxException("cassandra-1 still refuses the new role " + SandboxAccess.USER + " after "
                        + LOGIN_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for role " + SandboxAccess.USER, e);
            }
        }
    }
}
