package io.ckbridge.common.session;

import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;

/** Driver options a component adds to the connection settings (pool sizes, timeouts...). */
public interface SessionTuning {
    SessionTuning NONE = config -> { };

    void apply(ProgrammaticDriverConfigLoaderBuilder config);

    /** Whether the session binds to the configured keyspace (statements may then omit it). */
    default boolean useKeyspace() {
        return false;
    }

    /** Anything else the component sets on the session builder (e.g. which nodes to use). */
    default void customize(CqlSessionBuilder builder) {
    }
}
