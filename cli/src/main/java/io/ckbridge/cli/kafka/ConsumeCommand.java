package io.ckbridge.cli.kafka;

import io.ckbridge.cli.KafkaTarget;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Print the records of a topic, one value per line, as kafka-console-consumer does.",
                "Runs until --max-messages are printed, --timeout-ms passes without a record, or Ctrl-C."})
public final class ConsumeCommand implements Callable<Integer> {
    @Mixin
    KafkaTarget kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start from the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
    Long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Stop when no record arrives for MS milliseconds.")
    Long timeoutMs;

    @Option(names = "--print-key", description = "Print 'key<TAB>value' instead of the value alone.")
    boolean printKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> config = kafka.clientConfig();
        // A throw-away group, as kafka-console-consumer uses: nothing is committed.
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bridge-consume-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant lastRecord = Instant.now();
            while (maxMessages == null || printed < maxMessages) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    out.println(printKey ? record.key() + "\t" + record.value() : record.value());
                    printed++;
                    if (maxMessages != null && printed >= maxMessages) {
                        break;
                    }
                }
                out.flush();
                if (!records.isEmpty()) {
                    lastRecord = Instant.now();
                } else if (timeoutMs != null && Duration.between(lastRecord, Instant.now()).toMillis() >= timeoutMs) {
                    break;
                }
            }
        } catch (KafkaException e) {
            throw kafka.failure("Reading topic " + topic, e);
        }
        spec.commandLine().getErr().println("Processed a total of " + printed
                + (printed == 1 ? " message" : " messages"));
        return 0;
    }
}
