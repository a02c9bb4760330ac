package io.ckbridge.sink.errors;

import io.ckbridge.common.types.ToCqlValue;
import io.ckbridge.sink.compat.DataStaxSinkKeys;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a record that cannot be converted or written. With
 * {@code errors.tolerance=all} it goes to Kafka Connect's errant-record reporter (the dead-letter
 * queue, when configured) and the records around it keep flowing; otherwise the task fails with a
 * message naming the connector, topic, partition, offset, table and column.
 */
public final class BadRecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BadRecordHandler.class);

    private final String connector;
    private final boolean tolerateErrors;
    private final DataStaxSinkKeys.Skip skip;
    private final ErrantRecordReporter reporter;
    private final TaskFailure failure;

    /**
     * {@code tolerateErrors}: Kafka Connect's {@code errors.tolerance=all}; {@code skip}: what the
     * DataStax sink's {@code ignoreErrors} skips besides. {@code reporter} may be null: runtimes
     * before Kafka 2.6 have none.
     */
    public BadRecordHandler(String connector, boolean tolerateErrors, DataStaxSinkKeys.Skip skip,
            ErrantRecordReporter reporter, TaskFailure failure) {
        this.connector = connector;
        this.tolerateErrors = tolerateErrors;
        this.skip = skip;
        this.reporter = reporter;
        this.failure = failure;
    }

    /**
     * Reports a bad record. Returns true when it was set aside (the record counts as done);
     * false when errors are not tolerated, in which case the task has been marked failed.
     */
    public boolean handle(SinkRecord record, String table, String column, Throwable cause) {
        return handle(record, table, column, cause, false);
    }

    /** As {@link #handle(SinkRecord, String, String, Throwable)}; {@code refusedByCassandra} for a failed write. */
    public boolean handle(SinkRecord record, String table, String column, Throwable cause,
            boolean refusedByCassandra) {
        String message = describe(record, table, column, cause);
        boolean skipped = skip == DataStaxSinkKeys.Skip.ALL
                || skip == DataStaxSinkKeys.Skip.DRIVER && refusedByCassandra;
        if (!tolerateErrors && skipped) {
            LOG.warn("{} (skipped: ignoreErrors={})", message, skip);
            return true;
        }
        if (!tolerateErrors) {
            failure.fail(new ConnectException(message
                    + ". To skip such records set errors.tolerance=all, and keep them with"
                    + " errors.deadletterqueue.topic.name", cause));
            return false;
        }
        if (reporter != null) {
            reporter.report(record, new ConnectException(message, cause));
        } else {
            LOG.warn("{} (this Connect runtime has no dead-letter queue for sink tasks; the record is skipped)",
                    message);
        }
        return true;
    }

    String describe(SinkRecord record, String table, String column, Throwable cause) {
        StringBuilder text = new StringBuilder("Connector ").append(connector)
                .append(": record ").append(record.topic()).append('-').append(record.kafkaPartition())
                .append(" offset ").append(record.kafkaOffset());
        if (table != null) {
            text.append(" cannot be written to ").append(table);
        } else {
            text.append(" cannot be written");
        }
        if (column != null && !String.valueOf(cause.getMessage()).contains(column)) {
            text.append(" (column ").append(column).append(')');
        }
        text.append(": ").append(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        if (record.value() != null && table == null) {
            text.append(" [value: ").append(ToCqlValue.describe(record.value())).append(']');
        }
        return text.toString();
    }
}
