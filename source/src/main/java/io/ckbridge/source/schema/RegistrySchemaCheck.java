package io.ckbridge.source.schema;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.ckbridge.common.registry.RegistryUrl;
import io.ckbridge.common.registry.SchemaRegistryClient;
import io.ckbridge.common.registry.SubjectRegistrar;
import io.ckbridge.common.registry.SubjectRegistrar.TopicSchemas;
import io.ckbridge.source.read.RecordSchemas;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registers a route's key and value schemas with the schema registry before its rows are read,
 * as the Avro that Apicurio's AvroConverter makes of them (its own {@link AvroData}, so the
 * converter finds them registered already). The registry's answer decides: a refused schema
 * (the subject's compatibility level) or a registry that does not answer holds that route.
 */
public final class RegistrySchemaCheck implements SchemaCheck {
    /** As many Connect schemas as the converter's default cache holds. */
    private static final int AVRO_DATA_CACHE = 1_000;

    private final SubjectRegistrar registrar;
    private final AvroData avro = new AvroData(AVRO_DATA_CACHE);
    /** One entry per resolution of a route: written as Avro once. */
    private final Map<RecordSchemas, TopicSchemas> registered = Collections.synchronizedMap(new IdentityHashMap<>());

    public RegistrySchemaCheck(RegistryUrl registry, String compatibility) {
        this.registrar = new SubjectRegistrar(new SchemaRegistryClient(registry), compatibility);
    }

    @Override
    public Optional<String> refusal(RecordSchemas schemas) {
        TopicSchemas avroSchemas = registered.computeIfAbsent(schemas, s -> new TopicSchemas(s.topic(),
                avro.fromConnectSchema(s.key()).toString(), avro.fromConnectSchema(s.value()).toString()));
        return registrar.refusal(avroSchemas);
    }
}
