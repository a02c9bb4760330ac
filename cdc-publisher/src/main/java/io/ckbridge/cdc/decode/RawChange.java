package io.ckbridge.cdc.decode;

/**
 * One raw change message: a partition update of one table as one node logged it, ready for
 * Kafka. The key is the partition key as JSON, the value the documented change JSON.
 *
 * @param writeTimeMicros the newest write time in the update, for lag figures
 */
public record RawChange(String keyspace, String table, byte[] key, byte[] value, long writeTimeMicros) {
}
