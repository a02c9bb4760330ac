package io.ckbridge.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaConnectionErrorsTest {

    @Test
    void aRefusedSaslLoginDeepInTheCausesNamesComponentBrokersAndTheJaasConfig() {
        Throwable error = new ExecutionException(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN"));

        assertThat(KafkaConnectionErrors.explain("cdc-publisher-1", "127.0.0.1:9092", error)).hasValueSatisfying(
                sentence -> assertThat(sentence).startsWith("cdc-publisher-1: Kafka at 127.0.0.1:9092 refused the "
                        + "SASL login").contains("invalid credentials", "sasl.jaas.config"));
        assertThat(KafkaConnectionErrors.isSecurityFailure(error)).isTrue();
    }

    @Test
    void anUntrustedBrokerCertificatePointsAtTheTruststore() {
        SslAuthenticationException error = new SslAuthenticationException("SSL handshake failed");
        error.initCause(new SSLHandshakeException("PKIX path building failed: unable to find valid certification "
                + "path to requested target"));

        assertThat(KafkaConnectionErrors.explain("materializer", "127.0.0.1:9092", error)).hasValueSatisfying(
                sentence -> assertThat(sentence).startsWith("materializer: the TLS handshake with Kafka at "
                        + "127.0.0.1:9092 failed").contains("not trusted", "ssl.truststore.location"));
    }

    @Test
    void aTimeoutIsNotASecurityFailure() {
        TimeoutException error = new TimeoutException("Timed out waiting for a node assignment");

        assertThat(KafkaConnectionErrors.explain("bridge topics", "127.0.0.1:9092", error)).isEmpty();
        assertThat(KafkaConnectionErrors.isSecurityFailure(error)).isFalse();
    }
}
