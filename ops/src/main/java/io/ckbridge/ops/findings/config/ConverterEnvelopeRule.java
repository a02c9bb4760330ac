package io.ckbridge.ops.findings.config;

import io.ckbridge.ops.findings.Evidence;
import io.ckbridge.ops.findings.Finding;
import io.ckbridge.ops.findings.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JsonConverter with {@code schemas.enable=true} (its default) wraps every value as
 * {@code {"schema": ..., "payload": ...}}. A source writing so is worth knowing (consumers that
 * expect the row see an envelope); a sink reading a source's topic with the other setting breaks.
 */
final class ConverterEnvelopeRule implements ConfigRule {
    static final String RULE = "json-envelope";
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

    /** A connector's value converter as it takes effect (its own keys, else the worker's). */
    private record Converter(String className, boolean schemas, String where) {
        boolean json() {
            return JSON.equals(className);
        }
    }

    @Override
    public List<Finding> evaluate(ClusterConfig config, long nowMs) {
        List<Finding> findings = new ArrayList<>();
        Map<String, ClusterConfig.ConnectorSettings> writers = new HashMap<>();
        for (ClusterConfig.ConnectorSettings connector : config.connectors()) {
            if (connector.sink()) {
                continue;
            }
            Converter converter = converter(config, connector);
            if (!converter.json() || !converter.schemas()) {
                continue;
            }
            List<String> topics = sourceTopics(connector);
            topics.forEach(topic -> writers.put(topic, connector));
            findings.add(new Finding(RULE + ":" + connector.name(), RULE, Severity.INFO,
                    "source " + connector.name() + " writes JSON values wrapped as {\"schema\": ..., \"payload\": "
                            + "...}" + (topics.isEmpty() ? "" : " to " + String.join(", ", topics)),
                    "JsonConverter with schemas.enable=true (its default) puts the Connect schema beside every value, "
                            + "so that a Connect sink can rebuild typed structs; a consumer that expects the row's "
                            + "JSON finds it under payload, and each message carries its schema again.",
                    "If the topic's readers want the row itself, set value.converter.schemas.enable=false on the "
                            + "connector (and key.converter.schemas.enable=false); for one column's value alone, "
                            + "cassandra.source.unwrap=true. Typed readers are better served by Avro and a registry.",
                    List.of(Evidence.setting(converter.where(), "value.converter", converter.className()),
                            Evidence.setting(converter.where(), "value.converter.schemas.enable", true)), nowMs));
        }
        for (ClusterConfig.ConnectorSettings sink : config.connectors()) {
            if (!sink.sink()) {
                continue;
            }
            Converter reading = converter(config, sink);
            for (String topic : sink.get("topics", "").split(",")) {
                ClusterConfig.ConnectorSettings writer = writers.get(topic.trim());
                if (writer != null && reading.json() && !reading.schemas()) {
                    findings.add(mismatch(sink, writer, topic.trim(), reading, nowMs));
                }
            }
        }
        return findings;
    }

    private static Finding mismatch(ClusterConfig.ConnectorSettings sink, ClusterConfig.ConnectorSettings writer,
            String topic, Converter reading, long nowMs) {
        return new Finding(RULE + ":" + sink.name() + ":" + topic, RULE, Severity.WARNING,
                "sink " + sink.name() + " reads " + topic + " with schemas.enable=false, but source " + writer.name()
                        + " writes it wrapped in {\"schema\", \"payload\"}",
                "The sink's JsonConverter then hands on the envelope as a map with the keys schema and payload: its "
                        + "field mappings (value.<column>) find nothing under those names.",
                "Make the two agree: schemas.enable=false on the source (plain rows) or true on the sink (typed "
                        + "structs from the envelope).",
                List.of(Evidence.setting(reading.where(), "value.converter.schemas.enable", false),
                        Evidence.setting("connector " + writer.name(), "value.converter.schemas.enable", true)), nowMs);
    }

    private static Converter converter(ClusterConfig config, ClusterConfig.ConnectorSettings connector) {
        String own = connector.config().get("value.converter");
        if (own != null) {
            return new Converter(own.trim(), Boolean.parseBoolean(connector.get("value.converter.schemas.enable",
                    "true")), "connector " + connector.name());
        }
        Map<String, String> worker = config.workerSettings();
        boolean schemas = Boolean.parseBoolean(worker.getOrDefault("value.converter.schemas.enable", "true").trim());
        return new Converter(worker.getOrDefault("value.converter", "").trim(), schemas,
                "the Connect worker's properties");
    }

    /** The topics of the source's tables (routes by KCQL are left out). */
    private static List<String> sourceTopics(ClusterConfig.ConnectorSettings connector) {
        String keyspace = connector.get("cassandra.keyspace", "");
        String format = connector.get("cassandra.source.topic.format", "${keyspace}.${table}");
        List<String> topics = new ArrayList<>();
        for (String table : connector.get("cassandra.source.tables", "").split(",")) {
            if (!table.isBlank()) {
                topics.add(format.replace("${keyspace}", keyspace).replace("${table}", table.trim()));
            }
        }
        return topics;
    }
}
