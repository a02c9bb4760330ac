package io.ckbridge.common.session;

import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.ckbridge.common.errors.Causes;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A session that could not open because a node refused the login or the TLS handshake failed: a
 * setting is wrong, and no retry fixes it. The message names the session, the node and the keys to
 * check, never a secret.
 */
public final class CassandraConnectionException extends RuntimeException {
    /** Why the node would not take the session. */
    public enum Reason {
        /** PasswordAuthenticator refused the user name or password, or wants one and none was given. */
        LOGIN_REFUSED,
        /** The TLS handshake failed: an untrusted node certificate, a refused client certificate, TLS on one side. */
        TLS_FAILED
    }

    private final Reason reason;
    private final String endpoint;

    CassandraConnectionException(Reason reason, String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.endpoint = endpoint;
    }

    public Reason reason() {
        return reason;
    }

    /** The node that refused, as host:port. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The refused login or failed handshake that {@code error} (one node's error while a session
     * opened) is, explained; empty for anything else (a node down, a timeout).
     */
    static Optional<CassandraConnectionException> explain(String session, CassandraConnection connection,
            String endpoint, Throwable error) {
        AuthenticationException login = Causes.find(error, AuthenticationException.class);
        if (login != null) {
            String what = connection.hasCredentials()
                    ? "refused the login of user '" + connection.username() + "' (" + login.getMessage()
                            + "): check " + CassandraConnectionConfig.USERNAME + " and "
                            + CassandraConnectionConfig.PASSWORD
                    : "requires a login and none was given (" + login.getMessage() + "): set "
                            + CassandraConnectionConfig.USERNAME + " and " + CassandraConnectionConfig.PASSWORD;
            return Optional.of(new CassandraConnectionException(Reason.LOGIN_REFUSED, endpoint,
                    session + ": Cassandra at " + endpoint + " " + what + ".", error));
        }
        SSLException tls = Causes.find(error, SSLException.class);
        if (tls != null) {
            return Optional.of(new CassandraConnectionException(Reason.TLS_FAILED, endpoint, session
                    + ": the TLS handshake with Cassandra at " + endpoint + " failed (" + tls.getMessage() + "): "
                    + tlsHint(tls) + ".", error));
        }
        return Optional.empty();
    }

    /** What to check for a failed handshake, from what the JDK said. */
    static String tlsHint(SSLException tls) {
        String message = String.valueOf(tls.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("pkix") || message.contains("certification path")) {
            return "the node's certificate is not trusted; check " + CassandraConnectionConfig.SSL_TRUSTSTORE_PATH
                    + ": it must hold the CA that signed the node's certificate";
        }
        if (message.contains("subject alternative") || message.contains("no name matching")) {
            return "the node's certificate does not name the address connected to; connect by a name it has, or "
                    + "set " + CassandraConnectionConfig.SSL_HOSTNAME_VERIFICATION + "=false";
        }
        if (message.contains("bad_certificate") || message.contains("certificate_required")
                || message.contains("certificate_unknown")) {
            return "the node refused the client certificate; check " + CassandraConnectionConfig.SSL_KEYSTORE_PATH
                    + ": the node requires one signed by a CA it trusts";
        }
        if (message.contains("unrecognized ssl message") || message.contains("plaintext")) {
            return "the node does not speak TLS on this port; check " + CassandraConnectionConfig.SSL_ENABLED;
        }
        return "check " + CassandraConnectionConfig.SSL_TRUSTSTORE_PATH + ", "
                + CassandraConnectionConfig.SSL_KEYSTORE_PATH + " and their passwords";
    }
}
