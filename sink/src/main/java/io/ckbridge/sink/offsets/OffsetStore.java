package io.ckbridge.sink.offsets;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka offsets an exactly-once sink has applied, kept in a Cassandra table next to the
 * data: each batch writes its rows and the next offset of its partition in one logged batch, so
 * both are applied or neither. On start and rebalance the task reads them and seeks there.
 */
public final class OffsetStore {
    private final CqlSession session;
    private final String table;
    private final String connector;
    private final ConsistencyLevel consistency;
    private final Duration timeout;
    private PreparedStatement write;
    private PreparedStatement read;

    private static final Duration SCHEMA_AGREEMENT_WAIT = Duration.ofSeconds(60);

    public OffsetStore(CqlSession session, String keyspace, String table, String connector,
            ConsistencyLevel consistency,
                       Duration timeout) {
        this.session = session;
        this.table = CqlIdentifier.fromCql(keyspace).asCql(true) + "." + CqlIdentifier.fromCql(table).asCql(true);
        this.connector = connector;
        this.consistency = consistency;
        this.timeout = timeout;
    }

    public String table() {
        return table;
    }

    /** Creates the table if missing and prepares the statements. */
    public void open() {
        session.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "connector text, topic text, partition int, next_offset bigint, "
                + "PRIMARY KEY ((connector, topic), partition))"
                + " WITH comment = 'Kafka offsets applied by Cassandra-Kafka Bridge sink connectors (exactly-once)'");
        // Another task may have made the table a moment ago: its CREATE is then a no-op here, which
        // waits for no schema agreement, and a replica that has not heard of the table yet refuses
        // the statements ("table ... does not exist"). Wait until every node knows it.
        long deadline = System.nanoTime() + SCHEMA_AGREEMENT_WAIT.toNanos();
        while (true) {
            try {
                if (session.checkSchemaAgreement()) {
                    write = session.prepare("UPDATE " + table + " USING TIMESTAMP ? SET next_offset = ?"
                            + " WHERE connector = ? AND topic = ? AND partition = ?");
                    read = session.prepare("SELECT partition, next_offset FROM " + table
                            + " WHERE connector = ? AND topic = ?");
                    return;
                }
            } catch (InvalidQueryException e) {
                if (!String.valueOf(e.getMessage()).contains("does not exist") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The nodes do not agree on the schema " + SCHEMA_AGREEMENT_WAIT
                        .toSeconds() + " s after the offset table " + table + " was made: check that every node is "
                        + "up and reachable (nodetool describecluster)");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for schema agreement on " + table, e);
            }
        }
    }

    /** The next offset to read of each partition that has one stored. */
    public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> result = new HashMap<>();
        for (String topic : partitions.stream().map(TopicPartition::topic).distinct().toList()) {
            for (Row row : session.execute(read.bind(connector, topic).setConsistencyLevel(consistency)
                    .setTimeout(timeout))) {
                TopicPartition partition = new TopicPartition(topic, row.getInt("partition"));
                if (partitions.contains(partition)) {
                    result.put(partition, row.getLong("next_offset"));
                }
            }
        }
        return result;
    }

    /**
     * Whether the stored offset of a partition has reached {@code nextOffset}, i.e. a batch ending there was applied.
     */
    public CompletionStage<Boolean> reached(TopicPartition partition, long nextOffset) {
        return session.executeAsync(read.bind(connector, partition.topic()).setConsistencyLevel(consistency)
                .setTimeout(timeout))
                .thenApply(rows -> {
                    for (Row row : rows.currentPage()) {
                        if (row.getInt("partition") == partition.partition()) {
                            return row.getLong("next_offset") >= nextOffset;
                        }
                    }
                    return false;
                });
    }

    /** The offset write that goes into a batch, with the batch's write time. */
    public BoundStatement write(TopicPartition partition, long nextOffset, long timestampMicros) {
        return write.bind(timestampMicros, nextOffset, connector, partition.topic(), partition.partition());
    }
}
