package io.ckbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.sandbox.secure.Secrets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void aPlainBrokerListensPlaintext() {
        KafkaBroker broker = new KafkaBroker(new SandboxLayout(dir), SandboxSettings.defaults());

        assertThat(broker.serverProperties()).contains(
                "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "inter.broker.listener.name=PLAINTEXT").doesNotContain("sasl", "ssl.");
    }

    @Test
    void aSecureBrokerTakesSaslSslForClientsAndItselfWithPasswordsByReference() {
        SandboxLayout layout = new SandboxLayout(dir);
        Secrets secrets = Secrets.ensure(layout.secretsFile());
        KafkaBroker broker = new KafkaBroker(layout, SandboxSettings.defaults().withSecure(true));

        String properties = broker.serverProperties();

        assertThat(properties).contains("listeners=SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "advertised.listeners=SASL_SSL://127.0.0.1:9092", "inter.broker.listener.name=SASL_SSL",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
                "sasl.enabled.mechanisms=PLAIN", "sasl.mechanism.inter.broker.protocol=PLAIN",
                "user_bridge=\"${file:" + layout.secretsFile() + ":kafka.password}\"",
                "ssl.keystore.location=" + layout.certificates().serverKeystore(), "ssl.keystore.type=PKCS12",
                "config.providers=file");
        secrets.values().forEach(password -> assertThat(properties).doesNotContain(password));
    }

    @Test
    void aSecureConnectWorkerGivesItsOwnAndItsConnectorsClientsSaslSsl() {
        SandboxLayout layout = new SandboxLayout(dir);
        ConnectWorker worker = new ConnectWorker(layout, SandboxSettings.defaults().withSecure(true));

        String properties = worker.workerProperties(new BridgeHome(dir));

        assertThat(properties).contains("security.protocol=SASL_SSL", "producer.security.protocol=SASL_SSL",
                "consumer.sasl.mechanism=PLAIN", "admin.ssl.truststore.type=PKCS12", "config.providers=file",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider")
                .doesNotContain("producer.config.providers");
    }

    @Test
    void theWorkersPluginPathHasTheDistributionsPluginsAndTheSandboxsOwn() {
        SandboxLayout layout = new SandboxLayout(dir);
        ConnectWorker worker = new ConnectWorker(layout, SandboxSettings.defaults());

        assertThat(worker.workerProperties(new BridgeHome(dir))).contains("plugin.path="
                + new BridgeHome(dir).pluginPath() + "," + layout.plugins() + "\n");
    }
}
