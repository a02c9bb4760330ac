package io.ckbridge.common.kafka;

import io.ckbridge.common.errors.Causes;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a Kafka client's refused login or failed TLS handshake into one sentence that names the
 * component, the brokers and the settings to check. These failures need a person: retrying them
 * changes nothing, so they must not look like a broker that is merely away.
 */
public final class KafkaConnectionErrors {
    private KafkaConnectionErrors() {
    }

    /** Whether {@code error}, or one of its causes, is a refused login or failed handshake. */
    public static boolean isSecurityFailure(Throwable error) {
        return Causes.find(error, AuthenticationException.class) != null;
    }

    /**
     * The sentence for a refused login or a failed TLS handshake somewhere in {@code error}'s
     * causes; empty for any other failure (a timeout, an unknown topic).
     */
    public static Optional<String> explain(String component, String bootstrapServers, Throwable error) {
        AuthenticationException refused = Causes.find(error, AuthenticationException.class);
        if (refused == null) {
            return Optional.empty();
        }
        String kafka = "Kafka at " + bootstrapServers;
        if (refused instanceof SslAuthenticationException) {
            Throwable root = Causes.root(refused);
            return Optional.of(component + ": the TLS handshake with " + kafka + " failed (" + root.getMessage()
                    + "): " + tlsHint(root) + ".");
        }
        if (refused instanceof SaslAuthenticationException) {
            return Optional.of(component + ": " + kafka + " refused the SASL login (" + refused.getMessage()
                    + "): check the user name and password in sasl.jaas.config, and sasl.mechanism, of the Kafka "
                    + "client properties.");
        }
        return Optional.of(component + ": " + kafka + " refused to authenticate the client (" + refused.getMessage()
                + "): check security.protocol and sasl.mechanism against the broker's listener.");
    }

    /** What to check for a failed handshake, from what the JDK said. */
    static String tlsHint(Throwable root) {
        String message = String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("pkix") || message.contains("certification path")) {
            return "the broker's certificate is not trusted; check ssl.truststore.location: it must hold the CA that "
                    + "signed the broker's certificate";
        }
        if (message.contains("subject alternative") || message.contains("no name matching")) {
            return "the broker's certificate does not name the host connected to; use a name it has in "
                    + "bootstrap.servers, or set ssl.endpoint.identification.algorithm to empty";
        }
        if (message.contains("bad_certificate") || message.contains("certificate_required")) {
            return "the broker refused the client certificate; check ssl.keystore.location";
        }
        if (message.contains("unrecognized ssl message") || message.contains("plaintext")) {
            return "the listener does not speak TLS; check security.protocol";
        }
        return "check ssl.truststore.location, ssl.keystore.location, their passwords and security.protocol";
    }
}
