package io.ckbridge.materializer.event.avro;

import io.ckbridge.common.registry.SchemaRegistryClient;
import io.ckbridge.common.registry.SchemaRegistryClient.Registration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a table's key and value schemas under {@code <topic>-key} and {@code <topic>-value}
 * before any event of them is written, so that a schema the registry refuses (its subject's
 * compatibility level) is known while the change is still unapplied. A subject it creates gets
 * the configured compatibility level. Accepted schemas are remembered; a refusal for a second,
 * so that asking again (a held table, a due expiry) does not call the registry each time.
 */
final class SubjectRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectRegistrar.class);
    private static final long REFUSAL_REMEMBERED_MS = 1_000;

    private final SchemaRegistryClient registry;
    private final String compatibility;
    private final Set<AvroEventSchemas> accepted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Refused> refused = new HashMap<>();

    private record Refused(String reason, long untilMs) {
    }

    SubjectRegistrar(SchemaRegistryClient registry, String compatibility) {
        this.registry = registry;
        this.compatibility = compatibility;
    }

    synchronized Optional<String> refusal(String topic, AvroEventSchemas schemas) {
        if (accepted.contains(schemas)) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Refused last = refused.get(topic);
        if (last != null && last.untilMs() > now) {
            return Optional.of(last.reason());
        }
        Optional<String> refusal = register(topic + "-key", schemas.key())
                .or(() -> register(topic + "-value", schemas.envelope()));
        if (refusal.isPresent()) {
            refused.put(topic, new Refused(refusal.get(), now + REFUSAL_REMEMBERED_MS));
        } else {
            refused.remove(topic);
            accepted.add(schemas);
        }
        return refusal;
    }

    private Optional<String> register(String subject, Schema schema) {
        try {
            boolean created = registry.versions(subject).isEmpty();
            Registration registration = registry.register(subject, schema.toString());
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
