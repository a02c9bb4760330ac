package io.ckbridge.materializer.topology;

import io.ckbridge.materializer.MaterializerConfig;
import io.ckbridge.materializer.MaterializerMetrics;
import io.ckbridge.materializer.event.DebeziumEventEncoder;
import io.ckbridge.materializer.event.EventEncoder;
import io.ckbridge.materializer.event.JsonEventEncoder;
import io.ckbridge.materializer.event.avro.AvroEventEncoder;
import io.ckbridge.materializer.schema.TableCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * raw change topics (by pattern) → materialize (with its four persistent, changelogged stores) →
 * one change topic per table, and a dead-letter topic for what cannot be read.
 */
public final class MaterializerTopology {
    private MaterializerTopology() {
    }

    public static Topology build(MaterializerConfig config, TableCatalog catalog, OutputTopics topics,
            MaterializerMetrics metrics) {
        EventEncoder encoder = config.avroOutput()
                ? new AvroEventEncoder(config.schemaRegistryUrl(), config.schemaCompatibility(),
                        config.avroDecimalPrecision(), config.avroDecimalScale())
                : config.debeziumEnvelope()
                ? new DebeziumEventEncoder(config.outputTopicPrefix(), MaterializerConfig.VERSION,
                        config.schemasEnable(), Clock.systemUTC())
                : new JsonEventEncoder(config.schemasEnable());
        Topology topology = new Topology();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, StoreNames.SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), Pattern.compile(config.rawTopicPattern()));
        topology.addProcessor(StoreNames.PROCESSOR, () -> new ChangeProcessor(config, catalog, encoder, topics,
                metrics), StoreNames.SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ROWS),
                Serdes.String(), Serdes.ByteArray()), StoreNames.PROCESSOR);
        // Cached: most changes leave the reorder window within the commit they entered it, so their
        // put and delete meet in the cache and reach RocksDB and the changelog as one tombstone.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PENDING),
                Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                StoreNames.PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TIMERS),
                Serdes.String(), Serdes.ByteArray()), StoreNames.PROCESSOR);
        Duration window = Duration.ofMillis(config.dedupWindowMs());
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(StoreNames.SEEN,
                window.multipliedBy(2), window, false), Serdes.String(), Serdes.String()), StoreNames.PROCESSOR);
        TopicNameExtractor<byte[], byte[]> byTable = (key, value, context) -> {
            Header table = context.headers().lastHeader(ChangeProcessor.TABLE_HEADER);
            return config.outputTopicPrefix() + "." + new String(table.value(), StandardCharsets.UTF_8);
        };
        topology.addSink(StoreNames.EVENTS_SINK, byTable, Serdes.ByteArray().serializer(), Serdes.ByteArray()
                .serializer(), new PartitionKeyPartitioner(), StoreNames.PROCESSOR);
        topology.addSink(StoreNames.DEAD_LETTER_SINK, config.topicPrefix() + ".materializer.dlq", Serdes.ByteArray()
                .serializer(), Serdes.ByteArray().serializer(), StoreNames.PROCESSOR);
        return topology;
    }
}
