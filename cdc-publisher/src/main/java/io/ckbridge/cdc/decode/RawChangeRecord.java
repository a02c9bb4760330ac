package io.ckbridge.cdc.decode;

/**
 * One raw change message as the publisher sends it: a partition update of one table as one node
 * logged it, serialized for Kafka. The key is the partition key as JSON, the value the raw change
 * JSON (format v1). Readers parse the value into a {@code io.ckbridge.rawchange.RawChange}.
 *
 * @param writeTimeMicros the newest write time in the update, for lag figures
 */
public record RawChangeRecord(String keyspace, String table, byte[] key, byte[] value, long writeTimeMicros) {
}
