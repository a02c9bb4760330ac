package io.ckbridge.sink.mapping;

import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.ckbridge.sink.SinkConfig;
import io.ckbridge.sink.schema.SchemaManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table mappings of each topic, resolved when the topic's first record arrives (a topic
 * matched by topics.regex is known only then, and a managed table is created from a record).
 */
public final class MappingRegistry {
    private final SinkConfig config;
    private final List<TopicTableSettings> configured;
    private final SchemaManager schema;
    private final Map<String, List<TableMapping>> byTopic = new ConcurrentHashMap<>();

    public MappingRegistry(SinkConfig config, List<TopicTableSettings> configured, SchemaManager schema) {
        this.config = config;
        this.configured = configured;
        this.schema = schema;
    }

    public List<TableMapping> mappingsFor(RecordView record) {
        String topic = record.record().topic();
        List<TableMapping> mappings = byTopic.get(topic);
        if (mappings == null) {
            mappings = resolve(topic, record);
            byTopic.put(topic, mappings);
        }
        return mappings;
    }

    /**
     * Called when a record has fields its table lacks: with managed tables the columns are
     * added and the mapping rebuilt; returns the new mapping, or null when tables are not managed.
     */
    public TableMapping extend(TableMapping mapping, RecordView record) {
        if (!schema.managesTables() || !mapping.isAuto()) {
            return null;
        }
        synchronized (this) {
            TableMetadata table = schema.table(mapping.settings().keyspace(), mapping.settings().table()).orElseThrow();
            schema.addMissingColumns(table, record);
            TableMetadata refreshed = schema.table(mapping.settings().keyspace(), mapping.settings().table())
                    .orElseThrow();
            TableMapping rebuilt = TableMapping.resolve(mapping.settings(), refreshed, config.writeMode(),
                    config.collectionUpdate());
            byTopic.computeIfPresent(mapping.settings().topic(), (topic, list) -> {
                List<TableMapping> copy = new ArrayList<>(list);
                copy.replaceAll(m -> m == mapping ? rebuilt : m);
                return copy;
            });
            return rebuilt;
        }
    }

    private List<TableMapping> resolve(String topic, RecordView record) {
        List<TopicTableSettings> targets = configured.stream().filter(t -> t.topic().equals(topic)).toList();
        if (targets.isEmpty()) {
            targets = List.of(TopicTableSettings.byName(config, topic));
        }
        List<TableMapping> mappings = new ArrayList<>();
        for (TopicTableSettings target : targets) {
            TableMetadata table = schema.tableFor(target, record);
            mappings.add(target.query().isPresent()
                    ? TableMapping.forQuery(target, table, schema.prepare(target.query().get()))
                    : TableMapping.resolve(target, table, config.writeMode(), config.collectionUpdate()));
        }
        return List.copyOf(mappings);
    }
}
