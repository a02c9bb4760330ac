package io.ckbridge.cdc.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** The publisher's figures, read by the HTTP endpoint and the JMX bean. */
public final class PublisherMetrics implements PublisherMetricsMBean {
    final AtomicLong changesPublished = new AtomicLong();
    final AtomicLong mutationsRead = new AtomicLong();
    final AtomicLong unreadableMutations = new AtomicLong();
    final AtomicLong schemaReloads = new AtomicLong();
    final AtomicLong segmentsDeleted = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();
    final AtomicLong readErrors = new AtomicLong();
    final AtomicLong quarantinedMutations = new AtomicLong();
    final AtomicLong droppedTableMutations = new AtomicLong();
    final AtomicLong acceptedLostBytes = new AtomicLong();
    final AtomicLong indexUnreadable = new AtomicLong();
    private volatile int damagedSegments;
    private volatile int failedPasses;
    private volatile long cdcRawBytes;
    private volatile long cdcTotalSpaceBytes;
    private volatile long backlogBytes;
    private volatile long lastPublishedWriteMicros;
    private volatile boolean kafkaAvailable = true;
    private volatile String kafkaRefusal;
    private volatile String position = "";

    public void published(int changes, long newestWriteMicros) {
        changesPublished.addAndGet(changes);
        if (newestWriteMicros > lastPublishedWriteMicros) {
            lastPublishedWriteMicros = newestWriteMicros;
        }
        kafkaAvailable = true;
        kafkaRefusal = null;
    }

    /** Kafka refused the login or the TLS handshake: {@code why} says what to check, until a batch goes through. */
    public void kafkaRefused(String why) {
        kafkaRefusal = why;
    }

    /** Why Kafka refuses the publisher's login or handshake, or null. */
    public String kafkaRefusal() {
        return kafkaRefusal;
    }

    public void mutationsRead(int count) {
        mutationsRead.addAndGet(count);
    }

    public void unreadable(long count) {
        unreadableMutations.addAndGet(count);
    }

    public void schemaReloaded() {
        schemaReloads.incrementAndGet();
    }

    public void segmentDeleted() {
        segmentsDeleted.incrementAndGet();
    }

    public void publishFailed() {
        publishFailures.incrementAndGet();
        kafkaAvailable = false;
    }

    public void readErrors(int count) {
        readErrors.addAndGet(count);
    }

    public void damagedSegments(int count) {
        damagedSegments = count;
    }

    public void quarantined(int mutations) {
        quarantinedMutations.addAndGet(mutations);
    }

    /** Mutations of a table dropped since they were written: kept aside, nothing to publish them to. */
    public void droppedTable(int mutations) {
        droppedTableMutations.addAndGet(mutations);
    }

    public void lossAccepted(long bytes) {
        acceptedLostBytes.addAndGet(bytes);
    }

    public void indexUnreadable() {
        indexUnreadable.incrementAndGet();
    }

    void passFailed(int inARow) {
        failedPasses = inARow;
    }

    public void space(long cdcRawBytes, long cdcTotalSpaceBytes, long backlogBytes) {
        this.cdcRawBytes = cdcRawBytes;
        this.cdcTotalSpaceBytes = cdcTotalSpaceBytes;
        this.backlogBytes = backlogBytes;
    }

    public void position(String position) {
        this.position = position;
    }

    @Override
    public long getChangesPublished() {
        return changesPublished.get();
    }

    @Override
    public long getMutationsRead() {
        return mutationsRead.get();
    }

    @Override
    public long getUnreadableMutations() {
        return unreadableMutations.get();
    }

    @Override
    public long getSchemaReloads() {
        return schemaReloads.get();
    }

    @Override
    public long getSegmentsDeleted() {
        return segmentsDeleted.get();
    }

    @Override
    public long getPublishFailures() {
        return publishFailures.get();
    }

    @Override
    public long getCdcRawBytes() {
        return cdcRawBytes;
    }

    @Override
    public long getCdcTotalSpaceBytes() {
        return cdcTotalSpaceBytes;
    }

    @Override
    public long getBacklogBytes() {
        return backlogBytes;
    }

    /** Seconds between now and the write time of the last change published, while changes wait; 0 when caught up. */
    @Override
    public double getLagSeconds() {
        if (backlogBytes == 0 || lastPublishedWriteMicros == 0) {
            return 0;
        }
        return Math.max(0, (System.currentTimeMillis() * 1000 - lastPublishedWriteMicros) / 1e6);
    }

    @Override
    public boolean isKafkaAvailable() {
        return kafkaAvailable;
    }

    @Override
    public String getPosition() {
        return position;
    }

    @Override
    public long getReadErrors() {
        return readErrors.get();
    }

    @Override
    public int getDamagedSegments() {
        return damagedSegments;
    }

    @Override
    public long getQuarantinedMutations() {
        return quarantinedMutations.get();
    }

    @Override
    public long getDroppedTableMutations() {
        return droppedTableMutations.get();
    }

    @Override
    public long getAcceptedLostBytes() {
        return acceptedLostBytes.get();
    }

    @Override
    public long getIndexUnreadable() {
        return indexUnreadable.get();
    }

    @Override
    public int getFailedPasses() {
        return failedPasses;
    }

    /** cdc_raw's size as a share of cdc_total_space (0 when the node sets none). */
    @Override
    public double getCdcRawUsedRatio() {
        return cdcTotalSpaceBytes <= 0 ? 0 : (double) cdcRawBytes / cdcTotalSpaceBytes;
    }

    /** The figures in Prometheus' text format. */
    public String prometheus() {
        StringBuilder text = new StringBuilder();
        counter(text, "cdc_publisher_changes_published_total", "Raw change messages acknowledged by Kafka.",
                getChangesPublished());
        counter(text, "cdc_publisher_mutations_read_total", "Mutations read from CDC commit-log segments.",
                getMutationsRead());
        counter(text, "cdc_publisher_unreadable_mutations_total",
                "Mutations that could not be decoded even after reloading the schema (logged as errors).",
                getUnreadableMutations());
        counter(text, "cdc_publisher_schema_reloads_total", "Schema reloads from the node.", getSchemaReloads());
        counter(text, "cdc_publisher_segments_deleted_total", "Published segments removed from cdc_raw.",
                getSegmentsDeleted());
        counter(text, "cdc_publisher_publish_failures_total", "Batches Kafka did not acknowledge (retried).",
                getPublishFailures());
        counter(text, "cdc_publisher_read_errors_total",
                "Errors Cassandra's reader reported below a segment's durable offset (logged with segment and offset).",
                getReadErrors());
        gauge(text, "cdc_publisher_damaged_segments",
                "Damaged segments waiting for a person's decision (bridge cdc-publisher skip-segment).",
                getDamagedSegments());
        counter(text, "cdc_publisher_quarantined_mutations_total",
                "Undecodable mutations written to the quarantine folder instead of Kafka.", getQuarantinedMutations());
        counter(text, "cdc_publisher_dropped_table_mutations_total",
                "Mutations of tables dropped since they were written, kept in the quarantine folder (not an error).",
                getDroppedTableMutations());
        counter(text, "cdc_publisher_accepted_lost_bytes_total",
                "Bytes of damaged segments a person accepted to lose.", getAcceptedLostBytes());
        counter(text, "cdc_publisher_index_unreadable_total",
                "Reads of a _cdc.idx file that exists but held no offset (retried).", getIndexUnreadable());
        gauge(text, "cdc_publisher_failed_passes", "Passes over cdc_raw that failed in a row (0 when the last one "
                + "succeeded).", getFailedPasses());
        gauge(text, "cdc_publisher_cdc_raw_bytes", "Bytes of commit-log segments in cdc_raw.", getCdcRawBytes());
        gauge(text, "cdc_publisher_cdc_raw_used_ratio",
                "cdc_raw's size as a share of cdc_total_space; a warning is logged above 0.8.", getCdcRawUsedRatio());
        gauge(text, "cdc_publisher_cdc_total_space_bytes",
                "cdc_total_space: above it Cassandra rejects writes to CDC tables.", getCdcTotalSpaceBytes());
        gauge(text, "cdc_publisher_backlog_bytes", "Durable commit-log bytes not yet published.", getBacklogBytes());
        gauge(text, "cdc_publisher_lag_seconds", "How far behind the newest write the publisher is.", getLagSeconds());
        gauge(text, "cdc_publisher_kafka_available", "1 while Kafka acknowledges, 0 after a failed batch.",
                isKafkaAvailable() ? 1 : 0);
        gauge(text, "cdc_publisher_kafka_login_refused", "1 while Kafka refuses the publisher's login or TLS handshake "
                + "(see /health for what to check).", kafkaRefusal() != null ? 1 : 0);
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n")
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
