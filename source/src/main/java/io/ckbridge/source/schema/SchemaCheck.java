package io.ckbridge.source.schema;

import io.ckbridge.source.read.RecordSchemas;
import java.util.Optional;

/** Whether records of these schemas may be produced now; if not, why. */
@FunctionalInterface
public interface SchemaCheck {
    /** No registry: every schema may be produced. */
    SchemaCheck NONE = schemas -> Optional.empty();

    Optional<String> refusal(RecordSchemas schemas);
}
