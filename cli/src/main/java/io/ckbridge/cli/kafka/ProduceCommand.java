package io.ckbridge.cli.kafka;

import io.ckbridge.cli.CliException;
import io.ckbridge.cli.KafkaTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send each line of standard input to a topic as one record.",
                "Example: echo 'k1:{\"id\":1}' | bridge produce --topic orders --key-separator :"})
public final class ProduceCommand implements Callable<Integer> {
    @Mixin
    KafkaTarget kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to write to.")
    String topic;

    @Option(names = "--key-separator", paramLabel = "S",
            description = "Split each line at the first S into key and value; without it records have no key.")
    String keySeparator;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long count = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            String line;
            while ((line = in.readLine()) != null && failure.get() == null) {
                String key = null;
                String value = line;
                if (keySeparator != null) {
                    int at = line.indexOf(keySeparator);
                    if (at < 0) {
                        throw new CliException("Line " + (count + 1) + " has no key separator '" + keySeparator + "': "
                                + line);
                    }
                    key = line.substring(0, at);
                    value = line.substring(at + keySeparator.length());
                }
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
                count++;
            }
            producer.flush();
        } catch (org.apache.kafka.common.KafkaException e) {
            throw kafka.failure("Sending to topic " + topic, e);
        }
        if (failure.get() != null) {
            throw kafka.failure("Sending to topic " + topic, failure.get());
        }
        spec.commandLine().getErr().println("Sent " + count + (count == 1 ? " record" : " records") + " to " + topic
                + ".");
        return 0;
    }
}
