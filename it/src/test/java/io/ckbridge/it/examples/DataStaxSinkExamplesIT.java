package io.ckbridge.it.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.ckbridge.it.BridgeSandbox;
import io.ckbridge.it.Clients;
import io.ckbridge.it.Connectors;
import io.ckbridge.sandbox.Sandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DataStax Kafka sink's documentation examples (docs.datastax.com, "Mapping ..." pages), each
 * config as documented there with only {@code connector.class} swapped and the contact point
 * this sandbox's: basic key/value, JSON fields, JSON with schema, a Struct, and a statement of
 * one's own ({@code .query}, named bind markers). Two documented examples
 * do not run on the DataStax sink itself as printed (a mapped field the records lack); they are
 * used here with that field name fixed, as the README says.
 */
@BridgeSandbox
class DataStaxSinkExamplesIT {
    private static final String TS = "2018-11-26T19:26:27.483";
    private static final String[][] STOCKS = {
            {"APPLE", "APPL", "208", "NASDAQ", "TECH"},
            {"EXXON MOBIL", "M", "80", "NYSE", "ENERGY"},
            {"GENERAL MOTORS", "GM", "38", "NYSE", "AUTO"},
            {"AT&T", "AT&T", "33", "NYSE", "TELECOM"},
            {"FORD MOTOR", "F", "10", "NYSE", "AUTO"}};
    private static final String STOCKS_TABLE = "(symbol text, ts timestamp, exchange text, industry text, name text, "
            + "value double, PRIMARY KEY (symbol, ts))";

    @BeforeAll
    static void schema(Sandbox sandbox) {
        for (String keyspace : List.of("world_keyspace", "stocks_keyspace", "stocks_schema_keyspace",
                "baseball_keyspace")) {
            Clients.createKeyspace(sandbox, keyspace);
        }
        Clients.execute(sandbox,
                "CREATE TABLE IF NOT EXISTS world_keyspace.world_table (recordid int PRIMARY KEY, continent text)",
                "CREATE TABLE IF NOT EXISTS stocks_keyspace.stocks_table " + STOCKS_TABLE,
                "CREATE TABLE IF NOT EXISTS stocks_schema_keyspace.stocks_table " + STOCKS_TABLE,
                "CREATE TABLE IF NOT EXISTS baseball_keyspace.baseball_table (team text PRIMARY KEY, number int, "
                        + "firstname text, lastname text, street text, city text)",
                "CREATE TABLE IF NOT EXISTS stocks_keyspace.stock_ticks (symbol text PRIMARY KEY, prices list<double>, "
                        + "updated timestamp)");
    }

    /** The connection part of the DataStax sink's sample config, pointed at the sandbox. */
    private static Map<String, String> dataStax(Sandbox sandbox, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.sink.CassandraSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("contactPoints", "127.0.0.1");
        config.put("port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("loadBalancing.localDc", "datacenter1");
        config.put("maxConcurrentRequests", "500");
        config.put("maxNumberOfRecordsInBatch", "32");
        config.put("queryExecutionTimeout", "30");
        config.put("connectionPoolLocalSize", "4");
        config.put("jmx", "true");
        config.put("compression", "None");
        config.put("ignoreErrors", "None");
        return config;
    }

    @Test
    void basicKeyValue(Sandbox sandbox) throws Exception {
        Map<String, String> config = dataStax(sandbox, "world_topic");
        config.put("key.converter", "org.apache.kafka.connect.converters.IntegerConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("topic.world_topic.world_keyspace.world_table.mapping", "recordid=key, continent=value");
        Connectors.deploy(sandbox, "world-sink", config);
        String[] continents = {"Australia", "Asia", "Australia", "Africa", "Antartica"};
        try (KafkaProducer<Integer, String> producer = new KafkaProducer<>(sandbox.access().kafkaClient(Map.of()),
                new IntegerSerializer(), new StringSerializer())) {
            for (int id = 0; id < continents.length; id++) {
                producer.send(new ProducerRecord<>("world_topic", id, continents[id]));
            }
        }

        try (CqlSession session = Clients.cql(sandbox)) {
            awaitRows(session, "SELECT recordid FROM world_keyspace.world_table", 5);
            for (int id = 0; id < continents.length; id++) {
                assertThat(session.execute("SELECT continent FROM world_keyspace.world_table WHERE recordid = ?", id)
                        .one().getString(0)).isEqualTo(continents[id]);
            }
        }
        Connectors.delete(sandbox, "world-sink");
    }

    @Test
    void jsonFieldsWithATextKey(Sandbox sandbox) throws Exception {
        Map<String, String> config = dataStax(sandbox, "stocks_topic");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("topic.stocks_topic.stocks_keyspace.stocks_table.mapping", "symbol=value.symbol, ts=value.ts, "
                + "exchange=value.exchange, industry=value.industry, name=key, value=value.value");
        Connectors.deploy(sandbox, "stocks-sink", config);
        String[] keysAndValues = new String[STOCKS.length * 2];
        for (int i = 0; i < STOCKS.length; i++) {
            keysAndValues[2 * i] = STOCKS[i][0];
            keysAndValues[2 * i + 1] = "{\"symbol\":\"" + STOCKS[i][1] + "\",\"value\":" + STOCKS[i][2]
                    + ",\"exchange\":\"" + STOCKS[i][3] + "\",\"industry\":\"" + STOCKS[i][4] + "\",\"ts\":\"" + TS
                    + "\"}";
        }
        Clients.send(sandbox, "stocks_topic", keysAndValues);

        assertStocks(sandbox, "stocks_keyspace");
        Connectors.delete(sandbox, "stocks-sink");
    }

    @Test
    void jsonWithSchemaAndAJsonKey(Sandbox sandbox) throws Exception {
        Map<String, String> config = dataStax(sandbox, "stocks_schema_topic");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        // as documented, but ts=value.ts: the page maps value.dateTime, a field its records do not have
        config.put("topic.stocks_schema_topic.stocks_schema_keyspace.stocks_table.mapping", "symbol=value.symbol, "
                + "ts=value.ts, exchange=value.exchange, industry=value.industry, name=key.name, value=value.value");
        Connectors.deploy(sandbox, "stocks-schema-sink", config);
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"symbol\"},"
                + "{\"type\":\"int32\",\"optional\":true,\"field\":\"value\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"exchange\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"industry\"},"
                + "{\"type\":\"string\",\"optional\":false,\"field\":\"ts\"}],"
                + "\"optional\":false,\"name\":\"stocksdata\"}";
        String[] keysAndValues = new String[STOCKS.length * 2];
        for (int i = 0; i < STOCKS.length; i++) {
            keysAndValues[2 * i] = "{\"name\":\"" + STOCKS[i][0] + "\"}";
            keysAndValues[2 * i + 1] = "{\"schema\":" + schema + ",\"payload\":{\"symbol\":\"" + STOCKS[i][1]
                    + "\",\"value\":" + STOCKS[i][2] + ",\"exchange\":\"" + STOCKS[i][3] + "\",\"industry\":\""
                    + STOCKS[i][4] + "\",\"ts\":\"" + TS + "\"}}";
        }
        Clients.send(sandbox, "stocks_schema_topic", keysAndValues);

        assertStocks(sandbox, "stocks_schema_keyspace");
        Connectors.delete(sandbox, "stocks-schema-sink");
    }

    @Test
    void aStructWithSchemaFromJsonConverter(Sandbox sandbox) throws Exception {
        Map<String, String> config = dataStax(sandbox, "baseball_topic");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "true");
        config.put("topic.baseball_topic.baseball_keyspace.baseball_table.mapping", "team=key,number=value.number, "
                + "firstname=value.firstname, lastname=value.lastname, street=value.street, city=value.city");
        Connectors.deploy(sandbox, "baseball-sink", config);
        // as documented, but the schema's first field is number (the page's schema says personid, its payload number)
        Clients.send(sandbox, "baseball_topic", "redsox", "{\"schema\":{\"type\":\"struct\",\"fields\":["
                + "{\"type\":\"int32\",\"optional\":true,\"field\":\"number\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"firstname\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"lastname\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"street\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"city\"}],"
                + "\"optional\":false,\"name\":\"addresses\"},"
                + "\"payload\":{\"number\":50,\"firstname\":\"mookie\",\"lastname\":\"betts\","
                + "\"street\":\"4 yawkey way\",\"city\":\"boston\"}}");

        try (CqlSession session = Clients.cql(sandbox)) {
            Row row = await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(
                    "SELECT * FROM baseball_keyspace.baseball_table WHERE team = 'redsox'").one(), r -> r != null);
            assertThat(row.getInt("number")).isEqualTo(50);
            assertThat(row.getString("firstname")).isEqualTo("mookie");
            assertThat(row.getString("lastname")).isEqualTo("betts");
            assertThat(row.getString("street")).isEqualTo("4 yawkey way");
            assertThat(row.getString("city")).isEqualTo("boston");
        }
        Connectors.delete(sandbox, "baseball-sink");
    }

    @Test
    void aQueryOfYourOwnWithNamedBindMarkersAppendsToAList(Sandbox sandbox) throws Exception {
        Map<String, String> config = dataStax(sandbox, "ticks_topic");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        String table = "topic.ticks_topic.stocks_keyspace.stock_ticks.";
        config.put(table + "mapping", "symbol=value.symbol, prices=value.prices, at=value.ts");
        config.put(table + "query", "UPDATE stocks_keyspace.stock_ticks SET prices = prices + :prices, updated = :at "
                + "WHERE symbol = :symbol");
        config.put(table + "deletesEnabled", "false");
        Connectors.deploy(sandbox, "ticks-sink", config);
        Clients.send(sandbox, "ticks_topic", "APPL", "{\"symbol\":\"APPL\",\"prices\":[208.0],\"ts\":\"" + TS
                + "\"}", "APPL", "{\"symbol\":\"APPL\",\"prices\":[209.5, 210.0],\"ts\":\"" + TS + "\"}");

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Row row = session.execute("SELECT prices FROM stocks_keyspace.stock_ticks WHERE symbol = 'APPL'")
                        .one();
                return row != null && row.getList(0, Double.class).size() == 3;
            });
            Row row = session.execute("SELECT prices, updated FROM stocks_keyspace.stock_ticks WHERE symbol = 'APPL'")
                    .one();
            assertThat(row.getList("prices", Double.class)).as("appended in record order")
                    .containsExactly(208.0, 209.5, 210.0);
            assertThat(row.getInstant("updated")).isEqualTo(Instant.parse(TS + "Z"));
        }
        Connectors.delete(sandbox, "ticks-sink");
    }

    private static void assertStocks(Sandbox sandbox, String keyspace) {
        try (CqlSession session = Clients.cql(sandbox)) {
            awaitRows(session, "SELECT symbol FROM " + keyspace + ".stocks_table", STOCKS.length);
            for (String[] stock : STOCKS) {
                Row row = session.execute("SELECT * FROM " + keyspace + ".stocks_table WHERE symbol = ?", stock[1])
                        .one();
                assertThat(row.getInstant("ts")).as("read as UTC").isEqualTo(Instant.parse(TS + "Z"));
                assertThat(row.getString("name")).isEqualTo(stock[0]);
                assertThat(row.getDouble("value")).isEqualTo(Double.parseDouble(stock[2]));
                assertThat(row.getString("exchange")).isEqualTo(stock[3]);
                assertThat(row.getString("industry")).isEqualTo(stock[4]);
            }
        }
    }

    private static void awaitRows(CqlSession session, String query, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> session.execute(query).all().size() >= count);
    }
}
