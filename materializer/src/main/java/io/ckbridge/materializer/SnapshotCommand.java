package io.ckbridge.materializer;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.common.config.CassandraConnectionConfig;
import io.ckbridge.common.kafka.KafkaClientProperties;
import io.ckbridge.common.session.SessionFactory;
import io.ckbridge.common.session.SessionTuning;
import io.ckbridge.materializer.schema.DriverTableCatalog;
import io.ckbridge.materializer.schema.TableInfo;
import io.ckbridge.materializer.snapshot.SnapshotRows;
import io.ckbridge.materializer.snapshot.SnapshotRun;
import io.ckbridge.materializer.topology.TopicCreator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bridge materializer snapshot --table ks.t}: seeds the materializer with a table's
 * existing rows. Start markers go to every partition of the table's raw topic first: from then on
 * the materializer holds the table's changes, applies the snapshot's rows (as {@code r} events),
 * then at the end markers the held changes, where last-write-wins drops those the snapshot
 * already holds, so the seam has neither gap nor duplicate.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Read a table's existing rows into the materializer, which emits them as r (read) events "
                        + "before the table's",
                "changes. The materializer may run meanwhile; changes made during the snapshot follow it, without "
                        + "duplicates."})
final class SnapshotCommand implements Callable<Integer> {
    @CommandLine.Mixin
    MaterializerMain.ConnectionOptions connection;

    @Option(names = "--table", required = true, paramLabel = "KEYSPACE.TABLE", description = "The table to read.")
    String qualifiedTable;

    @Option(names = "--enable-cdc", description =
            "Turn CDC on for the table (ALTER TABLE ... WITH cdc = true) when it is off.")
    boolean enableCdc;

    @Option(names = "--raw-topic-partitions", defaultValue = "3",
            description =
                    "Partitions of the raw topic when it does not exist yet; use the publishers' (default: "
                    + "${DEFAULT-VALUE}).")
    int rawTopicPartitions;

    @Option(names = "--page-size", defaultValue = "1000", description =
            "Rows per page read (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int dot = qualifiedTable.indexOf('.');
        if (dot <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--table takes KEYSPACE.TABLE, not "
                    + qualifiedTable);
        }
        String keyspace = qualifiedTable.substring(0, dot);
        String tableName = qualifiedTable.substring(dot + 1);
        MaterializerConfig config = new MaterializerConfig(connection.settings());
        String snapshotId = UUID.randomUUID().toString();
        try (CqlSession session = SessionFactory.open(CassandraConnectionConfig.settings(config),
                "materializer-snapshot", SessionTuning.NONE)) {
            Optional<TableMetadata> metadata = session.getMetadata().getKeyspace(keyspace)
                    .flatMap(k -> k.getTable(tableName));
            if (metadata.isEmpty()) {
                spec.commandLine().getErr().println("No table " + qualifiedTable + " in Cassandra.");
                return 1;
            }
            Object cdc = metadata.get().getOptions().get(CqlIdentifier.fromInternal("cdc"));
            boolean cdcOn = Boolean.TRUE.equals(cdc);
            if (!cdcOn && !enableCdc) {
                spec.commandLine().getErr().println("Table " + qualifiedTable
                        + " does not have CDC on, so its later changes would not "
                        + "follow the snapshot. Pass --enable-cdc or run ALTER TABLE " + qualifiedTable
                        + " WITH cdc = true.");
                return 1;
            }
            TableInfo table = new DriverTableCatalog(session).table(keyspace, tableName).orElseThrow();
            SnapshotRows rows = new SnapshotRows(table, snapshotId);
            String topic = config.rawTopic(keyspace, tableName);
            int partitions;
            try (TopicCreator topics = new TopicCreator(config.bootstrapServers(), config.kafkaClientProperties(),
                    rawTopicPartitions, config.outputReplicationFactor())) {
                topics.ensure(topic);
                partitions = topics.partitions(topic);
            }
            try (KafkaProducer<String, byte[]> producer = producer(config)) {
                SnapshotRun run = new SnapshotRun(producer, topic, partitions, keyspace, tableName, snapshotId);
                long read;
                try {
                    read = run.run(sending -> {
                        if (!cdcOn) {
                            // after the start markers: every change from here on is held until the snapshot ends
                            session.execute("ALTER TABLE \"" + keyspace + "\".\"" + tableName
                                    + "\" WITH cdc = true");
                            System.out.println("CDC turned on for " + qualifiedTable
                                    + ". Note: statements clients prepared before now keep "
                                    + "writing without CDC until they are prepared again (Cassandra does not "
                                    + "invalidate them on a change of table options): restart those clients.");
                        }
                        // no schemaVersion: the publishers' is a hash of Cassandra's internal table metadata
                        return copy(session, sending, rows, null);
                    });
                } catch (Exception e) {
                    spec.commandLine().getErr().println("Snapshot " + snapshotId + " of " + qualifiedTable
                            + " failed: " + e.getMessage() + "\n" + (run.abortSent()
                                    ? "Abort markers sent: the materializer applies the changes it held."
                                    : "Its abort markers could not be sent: the materializer holds the table's "
                                            + "changes until its " + MaterializerConfig.SNAPSHOT_HOLD_TIMEOUT_MS
                                            + " passes.")
                            + " Run the snapshot again for the rows it did not read.");
                    return 1;
                }
                System.out.println("Snapshot " + snapshotId + " of " + qualifiedTable + ": " + read + " rows sent to "
                        + topic
                        + "; the materializer emits them as r events on " + config.changeTopic(keyspace, tableName));
            }
        }
        return 0;
    }

    private long copy(CqlSession session, SnapshotRun run, SnapshotRows rows, String schemaVersion)
            throws Exception {
        ResultSet result = session.execute(SimpleStatement.newInstance(rows.query()).setPageSize(pageSize));
        long count = 0;
        long started = System.currentTimeMillis();
        long lastReport = started;
        String previousKey = null;
        for (Row row : result) {
            String key = rows.key(row);
            boolean firstOfPartition = !key.equals(previousKey);
            previousKey = key;
            run.send(key, rows.message(row, firstOfPartition, System.currentTimeMillis() * 1000, schemaVersion));
            count++;
            long now = System.currentTimeMillis();
            if (now - lastReport >= 5000) {
                lastReport = now;
                System.out.printf("  %,d rows read (%,d rows/s)%n", count, count * 1000 / Math.max(1, now - started));
            }
        }
        return count;
    }

    private static KafkaProducer<String, byte[]> producer(MaterializerConfig config) {
        return new KafkaProducer<>(KafkaClientProperties.over(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), config.kafkaClientProperties()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
