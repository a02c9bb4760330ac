package io.ckbridge.source.read;

import org.apache.kafka.connect.data.Schema;

/**
 * The topic a route's records go to and the Connect schemas of their key and value. One
 * instance per resolution of a route, so that it can stand for "these schemas" by identity.
 * A decimal column's value schema carries each row's scale: {@code value} has scale 0 there.
 */
public record RecordSchemas(String topic, Schema key, Schema value) {
}
