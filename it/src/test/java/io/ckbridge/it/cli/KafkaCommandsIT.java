package io.ckbridge.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.DistCommand;
import io.ckbridge.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

@BridgeSandbox
class KafkaCommandsIT {

    @Test
    void producedLinesComeBackFromConsumeWithTheirKeys(Sandbox sandbox) {
        String dir = sandbox.layout().root().toString();
        DistCommand.Result produced = DistCommand.run("k1:{\"n\":1}\nk2:{\"n\":2}\nk3:{\"n\":3}\n", "bridge",
                "produce", "--dir", dir, "--topic", "cli-roundtrip", "--key-separator", ":");
        assertThat(produced.exitCode()).as(produced.all()).isZero();
        assertThat(produced.err()).contains("Sent 3 records to cli-roundtrip");

        DistCommand.Result consumed = DistCommand.run(null, "bridge", "consume", "--dir", dir, "--topic",
                "cli-roundtrip", "--from-beginning", "--max-messages", "3", "--print-key", "--timeout-ms", "30000");

        assertThat(consumed.exitCode()).as(consumed.all()).isZero();
        assertThat(consumed.out().lines()).containsExactly("k1\t{\"n\":1}", "k2\t{\"n\":2}", "k3\t{\"n\":3}");
    }

    @Test
    void topicsAreCreatedDescribedListedAndDeleted(Sandbox sandbox) {
        String dir = sandbox.layout().root().toString();
        assertThat(DistCommand.run(null, "bridge", "topics", "create", "--dir", dir, "cli-topics",
                "--partitions", "3", "--config", "retention.ms=3600000").exitCode()).isZero();

        DistCommand.Result described = DistCommand.run(null, "bridge", "topics", "describe", "--dir", dir,
                "cli-topics");
        assertThat(described.out()).contains("Topic: cli-topics", "PartitionCount: 3", "retention.ms=3600000",
                "Partition: 2");
        assertThat(DistCommand.run(null, "bridge", "topics", "list", "--dir", dir).out().lines())
                .contains("cli-topics");

        assertThat(DistCommand.run(null, "bridge", "topics", "delete", "--dir", dir, "cli-topics").exitCode()).isZero();
        assertThat(DistCommand.run(null, "bridge", "topics", "list", "--dir", dir).out().lines())
                .doesNotContain("cli-topics");
    }

    @Test
    void kafkasOwnConsoleToolsWorkUnchangedAgainstTheSandbox(Sandbox sandbox) {
        String bootstrap = sandbox.settings().bootstrapServers().replace("127.0.0.1", "localhost");
        DistCommand.Result produced = DistCommand.run("first\nsecond\n", "kafka-console-producer.sh",
                "--bootstrap-server", bootstrap, "--topic", "console-tools");
        assertThat(produced.exitCode()).as(produced.all()).isZero();

        DistCommand.Result consumed = DistCommand.run(null, "kafka-console-consumer.sh", "--bootstrap-server",
                bootstrap, "--topic", "console-tools", "--from-beginning", "--max-messages", "2");

        assertThat(consumed.exitCode()).as(consumed.all()).isZero();
        assertThat(consumed.out().lines()).containsExactly("first", "second");
        assertThat(DistCommand.run(null, "kafka-topics.sh", "--bootstrap-server", bootstrap, "--list").out().lines())
                .contains("console-tools");
    }
}
