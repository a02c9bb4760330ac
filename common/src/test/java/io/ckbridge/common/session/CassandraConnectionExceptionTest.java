package io.ckbridge.common.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.config.CassandraConnectionConfig.CassandraConnection;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class CassandraConnectionExceptionTest {
    private static final String SECRET = "s3cret-Pw";
    private static final CassandraConnection AS_BRIDGE = CassandraConnectionConfig.connection(Map.of(
            CassandraConnectionConfig.USERNAME, "bridge", CassandraConnectionConfig.PASSWORD, SECRET));

    @Test
    void aRefusedLoginNamesTheSessionTheNodeTheUserAndTheKeysButNotThePassword() {
        AuthenticationException refused = new AuthenticationException(
                new DefaultEndPoint(new InetSocketAddress("127.0.0.1", 9042)),
                "server replied with 'Provided username bridge and/or password are incorrect'");

        CassandraConnectionException explained = CassandraConnectionException.explain("materializer", AS_BRIDGE,
                "127.0.0.1:9042", refused).orElseThrow();

        assertThat(explained.reason()).isEqualTo(CassandraConnectionException.Reason.LOGIN_REFUSED);
        assertThat(explained.endpoint()).isEqualTo("127.0.0.1:9042");
        assertThat(explained).hasMessageStartingWith("materializer: Cassandra at 127.0.0.1:9042 refused the login "
                + "of user 'bridge'").hasMessageContaining("check cassandra.username and cassandra.password")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anUntrustedNodeCertificateInTheCausesPointsAtTheTruststore() {
        Throwable handshake = new DecoderException(new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));

        CassandraConnectionException explained = CassandraConnectionException.explain("bridge-cli", AS_BRIDGE,
                "127.0.0.2:9042", handshake).orElseThrow();

        assertThat(explained.reason()).isEqualTo(CassandraConnectionException.Reason.TLS_FAILED);
        assertThat(explained).hasMessageContaining("TLS handshake with Cassandra at 127.0.0.2:9042 failed")
                .hasMessageContaining("not trusted").hasMessageContaining("cassandra.ssl.truststore.path");
    }

    @Test
    void aRefusedClientCertificatePointsAtTheKeystore() {
        String hint = CassandraConnectionException.tlsHint(new SSLHandshakeException(
                "Received fatal alert: bad_certificate"));

        assertThat(hint).contains("cassandra.ssl.keystore.path");
    }

    @Test
    void otherFailuresAreNotExplained() {
        assertThat(CassandraConnectionException.explain("sink", AS_BRIDGE, "127.0.0.1:9042",
                new ClosedConnectionException("Lost connection to remote peer"))).isEmpty();
    }
}
