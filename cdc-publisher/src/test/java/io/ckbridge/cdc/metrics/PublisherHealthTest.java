package io.ckbridge.cdc.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.common.http.StatusServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherHealthTest {
    private static final String REFUSED = "cdc-publisher: Kafka at 127.0.0.1:9092 refused the SASL login "
            + "(Authentication failed): check the user name and password in sasl.jaas.config.";

    @TempDir
    Path stateDir;

    @Test
    void aRefusedKafkaLoginIsDownAtOnceWithWhatToCheckUntilABatchGoesThrough() {
        PublisherMetrics metrics = new PublisherMetrics();
        PublisherHealth health = new PublisherHealth(5, new DamageRegister(stateDir), metrics);

        metrics.publishFailed();
        metrics.kafkaRefused(REFUSED);
        health.passFailed(REFUSED);
        StatusServer.Health refused = health.health();

        assertThat(refused.healthy()).isFalse();
        assertThat(refused.json()).contains("\"status\":\"DOWN\"", "refused the SASL login", "sasl.jaas.config");
        assertThat(metrics.prometheus()).contains("cdc_publisher_kafka_login_refused 1");

        metrics.published(1, 1);
        health.passSucceeded();
        assertThat(health.health().healthy()).isTrue();
        assertThat(metrics.prometheus()).contains("cdc_publisher_kafka_login_refused 0");
    }

    @Test
    void aBrieflyAbsentKafkaIsOnlyDegraded() {
        PublisherMetrics metrics = new PublisherMetrics();
        PublisherHealth health = new PublisherHealth(5, new DamageRegister(stateDir), metrics);

        metrics.publishFailed();
        health.passFailed("cdc-publisher: Kafka at 127.0.0.1:9092 did not acknowledge 3 changes");

        assertThat(health.health().healthy()).isTrue();
        assertThat(health.health().json()).contains("\"status\":\"DEGRADED\"");
    }
}
