package io.ckbridge.materializer.topology;

import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.materializer.MaterializerConfig;
import io.ckbridge.materializer.MaterializerMetrics;
import io.ckbridge.materializer.schema.ColumnInfo;
import io.ckbridge.materializer.schema.ColumnInfo.Kind;
import io.ckbridge.materializer.schema.TableCatalog;
import io.ckbridge.materializer.schema.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The materializer's whole topology on Kafka Streams' {@link TopologyTestDriver}: raw changes go
 * in, change events and dead letters come out; the Cassandra schema is a map the test fills, and
 * wall-clock time moves only when the test moves it.
 */
final class MaterializerDriver implements AutoCloseable {
    static final String RAW_TOPIC = "cdc.raw.ks.t";
    static final String EVENTS_TOPIC = "cdc.ks.t";
    static final String DLQ_TOPIC = "cdc.materializer.dlq";
    /** ks.t (id int PRIMARY KEY, v text, n int). */
    static final TableInfo TABLE = new TableInfo("ks", "t", List.of(
            new ColumnInfo("id", DataTypes.INT, Kind.PARTITION_KEY, false),
            new ColumnInfo("v", DataTypes.TEXT, Kind.REGULAR, false),
            new ColumnInfo("n", DataTypes.INT, Kind.REGULAR, false)));

    final Catalog catalog = new Catalog();
    final MaterializerMetrics metrics = new MaterializerMetrics();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> raw;
    private final TestOutputTopic<byte[], byte[]> events;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    /** The schema the processor sees: tables are added and removed by the test. */
    static final class Catalog implements TableCatalog {
        final Map<String, TableInfo> tables = new ConcurrentHashMap<>();
        final AtomicInteger refreshes = new AtomicInteger();

        @Override
        public Optional<TableInfo> table(String keyspace, String table) {
            return Optional.ofNullable(tables.get(keyspace + "." + table));
        }

        @Override
        public int replicas(String keyspace) {
            return 1; // a change is complete on arrival: it leaves the reorder window at once
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
        }
    }

    MaterializerDriver(Path stateDir, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of(MaterializerConfig.BOOTSTRAP_SERVERS, "localhost:9",
                MaterializerConfig.STATE_DIR, stateDir.toString(),
                MaterializerConfig.PROCESSING_GUARANTEE, StreamsConfig.AT_LEAST_ONCE));
        all.putAll(settings);
        MaterializerConfig config = new MaterializerConfig(all);
        Properties props = config.streamsProperties();
        driver = new TopologyTestDriver(MaterializerTopology.build(config, catalog, topic -> { }, metrics), props);
        raw = driver.createInputTopic(RAW_TOPIC, new StringSerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic(EVENTS_TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(DLQ_TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sends a raw message to partition 0 of the raw topic (the driver's only one). */
    void send(String key, byte[] value) {
        raw.pipeInput(key, value);
    }

    void send(String key, String value) {
        send(key, value.getBytes(StandardCharsets.UTF_8));
    }

    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /** The change events written since the last call, as JSON text. */
    List<String> events() {
        return events.readValuesToList().stream().map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A raw change of ks.t from node n1: id's row gets {@code v} (an INSERT at write time {@code ts}). */
    static String insert(int id, String v, long ts) {
        return "{\"v\":1,\"node\":\"n1\",\"segment\":1,\"position\":" + ts + ",\"keyspace\":\"ks\",\"table\":\"t\","
                + "\"digest\":\"d" + id + "-" + ts + "\",\"key\":{\"id\":" + id + "},\"rows\":[{\"static\":false,"
                + "\"clustering\":{},\"liveness\":{\"ts\":" + ts + "},\"cells\":[{\"column\":\"v\",\"ts\":" + ts
                + ",\"value\":\"" + v + "\"}]}]}";
    }

    static String key(int id) {
        return "{\"id\":" + id + "}";
    }

    @Override
    public void close() {
        driver.close();
    }
}
