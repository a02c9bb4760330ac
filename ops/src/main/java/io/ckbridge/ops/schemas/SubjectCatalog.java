package io.ckbridge.ops.schemas;

import io.ckbridge.common.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The subjects of a schema registry as the ops page shows them: for each, the topic it belongs to
 * (by Confluent's topic naming, {@code <topic>-key} / {@code <topic>-value}) and whether that topic
 * is one of the cluster's, its versions, the id of the latest and its compatibility level.
 */
public final class SubjectCatalog {
    private final SchemaRegistryClient registry;

    public SubjectCatalog(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** One subject. {@code compatibility} is the level in force: the subject's own, else the registry's default. */
    public record Subject(String subject, String topic, String part, boolean topicExists, List<Integer> versions,
                          int latestId, String compatibility) {
    }

    public record Listing(String registry, String defaultCompatibility, List<Subject> subjects) {
    }

    /** Every subject, those of the cluster's topics first, each group by name. */
    public Listing list(Set<String> topics) {
        String defaultLevel = registry.defaultCompatibility();
        List<Subject> subjects = new ArrayList<>();
        for (String subject : registry.subjects()) {
            String part = subject.endsWith("-key") ? "key" : subject.endsWith("-value") ? "value" : "";
            String topic = part.isEmpty() ? "" : subject.substring(0, subject.length() - part.length() - 1);
            List<Integer> versions = registry.versions(subject);
            int latestId = versions.isEmpty() ? -1 : registry.version(subject, "latest").id();
            String level = registry.compatibility(subject).orElse(defaultLevel);
            subjects.add(new Subject(subject, topic, part, topics.contains(topic), versions, latestId, level));
        }
        subjects.sort(Comparator.comparing((Subject s) -> !s.topicExists()).thenComparing(Subject::subject));
        return new Listing(registry.url().confluentApi(), defaultLevel, subjects);
    }
}
