package io.ckbridge.common.registry;

import io.ckbridge.common.registry.SchemaRegistryClient.Registration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a topic's key and value schemas under {@code <topic>-key} and {@code <topic>-value}
 * (Confluent's TopicNameStrategy) before anything written with them is produced, so that a schema
 * the registry refuses (its subject's compatibility level) is known while nothing is lost yet.
 * A subject it creates gets the configured compatibility level. Accepted schemas are remembered;
 * a refusal for a second, so that asking again (a held table) does not call the registry each time.
 */
public final class SubjectRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectRegistrar.class);
    private static final long REFUSAL_REMEMBERED_MS = 1_000;

    private final SchemaRegistryClient registry;
    private final String compatibility;
    private final Set<TopicSchemas> accepted = new HashSet<>();
    private final Map<String, Refused> refused = new HashMap<>();

    /** A topic's key and value schemas, as the registry stores them (Avro's JSON). */
    public record TopicSchemas(String topic, String key, String value) {
    }

    private record Refused(TopicSchemas schemas, String reason, long untilMs) {
    }

    public SubjectRegistrar(SchemaRegistryClient registry, String compatibility) {
        this.registry = registry;
        this.compatibility = compatibility;
    }

    /** Empty when the registry holds both schemas (registered now or before); else why not. */
    public synchronized Optional<String> refusal(TopicSchemas schemas) {
        if (accepted.contains(schemas)) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Refused last = refused.get(schemas.topic());
        if (last != null && last.schemas().equals(schemas) && last.untilMs() > now) {
            return Optional.of(last.reason());
        }
        Optional<String> refusal = register(schemas.topic() + "-key", schemas.key())
                .or(() -> register(schemas.topic() + "-value", schemas.value()));
        if (refusal.isPresent()) {
            refused.put(schemas.topic(), new Refused(schemas, refusal.get(), now + REFUSAL_REMEMBERED_MS));
        } else {
            refused.remove(schemas.topic());
            accepted.add(schemas);
        }
        return refusal;
    }

    private Optional<String> register(String subject, String schema) {
        try {
            boolean created = registry.versions(subject).isEmpty();
            Registration registration = registry.register(subject, schema);
            if (!registration.accepted()) {
                return Optional.of("the schema registry refuses the new schema of subject " + subject + " (HTTP "
                        + registration.status() + "): " + registration.refusal());
            }
            if (created) {
                registry.setCompatibility(subject, compatibility);
                LOG.info("Subject {} registered (schema id {}), compatibility {}", subject, registration.id(),
                        compatibility);
            } else {
                LOG.debug("Subject {}: schema id {} registered or found", subject, registration.id());
            }
            return Optional.empty();
        } catch (SchemaRegistryClient.UnavailableException e) {
            return Optional.of("the schema registry cannot be asked about subject " + subject + ": " + e.getMessage());
        }
    }
}
