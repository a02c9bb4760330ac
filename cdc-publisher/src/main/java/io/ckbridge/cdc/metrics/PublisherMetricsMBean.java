package io.ckbridge.cdc.metrics;

/** JMX view of the publisher (io.ckbridge:type=CdcPublisher). */
public interface PublisherMetricsMBean {
    long getChangesPublished();

    long getMutationsRead();

    long getUnreadableMutations();

    long getSchemaReloads();

    long getSegmentsDeleted();

    long getPublishFailures();

    long getCdcRawBytes();

    long getCdcTotalSpaceBytes();

    long getBacklogBytes();

    double getLagSeconds();

    boolean isKafkaAvailable();

    String getPosition();

    long getReadErrors();

    int getDamagedSegments();

    long getQuarantinedMutations();

    long getDroppedTableMutations();

    long getAcceptedLostBytes();

    long getIndexUnreadable();

    int getFailedPasses();

    double getCdcRawUsedRatio();
}
