package io.ckbridge.cli.demo;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;

/**
 * The demo's CDC part: a row of the CDC table {@code blog.pack_stock} inserted and then updated;
 * the raw changes the node's publisher read from the commit log, and the one {@code u} event the
 * materializer made of the update, with the whole row before and after.
 */
final class CdcDemo {
    static final String TABLE = "blog.pack_stock";
    static final String RAW_TOPIC = "cdc.raw." + TABLE;
    static final String CHANGE_TOPIC = "cdc." + TABLE;
    /** Decimals as written: a price of 9.90 stays 9.90, not the double 9.9. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final CqlSession session;
    private final DemoTopics topics;
    private final PrintWriter out;

    CdcDemo(CqlSession session, DemoTopics topics, PrintWriter out) {
        this.session = session;
        this.topics = topics;
        this.out = out;
    }

    void run(String run) {
        String pack = "demo-" + run;
        say("  INSERT INTO " + TABLE + " (pack, seats, price) VALUES ('" + pack + "', 5, 9.90)");
        session.execute(SimpleStatement.newInstance("INSERT INTO " + TABLE + " (pack, seats, price) VALUES (?, ?, ?)",
                pack, 5, new BigDecimal("9.90")));
        say("  UPDATE " + TABLE + " SET seats = 4 WHERE pack = '" + pack + "'");
        session.execute(SimpleStatement.newInstance("UPDATE " + TABLE + " SET seats = ? WHERE pack = ?", 4, pack));
        String key = "\"" + pack + "\"";

        say("");
        say("  Raw changes on " + RAW_TOPIC + " (the publisher beside the node read them from its commit log):");
        for (String raw : topics.await(RAW_TOPIC, 2, record -> record.value().contains(key), late(RAW_TOPIC,
                "publisher"))) {
            say("    " + describeRaw(read(raw)));
        }
        say("");
        say("  The change event on " + CHANGE_TOPIC + " (the materializer keeps each row, so an update carries both):");
        String update = topics.await(CHANGE_TOPIC, 1, record -> record.value().contains(key)
                && payload(read(record.value())).path("op").asText().equals("u"), late(CHANGE_TOPIC,
                "materializer")).get(0);
        JsonNode event = payload(read(update));
        say("    op " + event.path("op").asText() + "  scope " + event.path("scope").asText());
        say("    before " + event.path("before"));
        say("    after  " + event.path("after"));
    }

    /** One raw change in a line: where it was read, and each cell written with its write time. */
    static String describeRaw(JsonNode raw) {
        StringBuilder line = new StringBuilder("node ").append(raw.path("node").asText()).append(" segment ")
                .append(raw.path("segment").asText()).append(" @").append(raw.path("position").asText())
                .append("  key ").append(raw.path("key"));
        for (JsonNode row : raw.path("rows")) {
            if (row.has("liveness")) {
                line.append("  row marker");
            }
            for (JsonNode cell : row.path("cells")) {
                line.append("  ").append(cell.path("column").asText()).append('=').append(cell.path("value"));
            }
            line.append("  (ts ").append(row.path("cells").path(0).path("ts").asText()).append(')');
        }
        return line.toString();
    }

    /** The event itself, whether or not the materializer wraps it with its schema. */
    static JsonNode payload(JsonNode value) {
        return value.has("payload") && value.has("schema") ? value.get("payload") : value;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unreadable", json);
        }
    }

    private static String late(String topic, String who) {
        return "No change of the demo's row on " + topic + " within the demo's wait; see './bridge sandbox status' "
                + "and './bridge sandbox logs " + who + "'.";
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
