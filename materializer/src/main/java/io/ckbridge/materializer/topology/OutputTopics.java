package io.ckbridge.materializer.topology;

/** The topics the materializer writes to (change topics, the dead-letter topic), made on first use. */
public interface OutputTopics {
    /** Creates the topic unless it exists; the first call per topic may wait for Kafka. */
    void ensure(String topic);
}
