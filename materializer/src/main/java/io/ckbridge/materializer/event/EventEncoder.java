package io.ckbridge.materializer.event;

import io.ckbridge.materializer.schema.TableInfo;
import java.util.Optional;

/** Writes change events as a topic's key and value bytes: JSON ({@link JsonEventEncoder}), or Avro via a registry. */
public interface EventEncoder {
    record Encoded(byte[] key, byte[] value) {
    }

    Encoded encode(String topic, ChangeEvent event);

    /** Whether the event is written at all: an envelope may have no place for some scopes. */
    default boolean writes(ChangeEvent event) {
        return true;
    }

    /**
     * Why events of the table, as its schema is now, cannot be written to the topic (the schema
     * registry refused the schema, or cannot be asked); empty when they can. Asked before a change
     * is applied, so that a change held for it has changed nothing yet.
     */
    default Optional<String> refusal(String topic, TableInfo table) {
        return Optional.empty();
    }
}
