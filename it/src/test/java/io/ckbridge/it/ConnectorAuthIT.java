package io.ckbridge.it;

import static io.ckbridge.it.Connectors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.ckbridge.sandbox.Sandbox;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@BridgeSandbox(auth = true)
/** Both connectors against a Cassandra that requires a password. */
class ConnectorAuthIT {
    private static final String SECRET = "w-Secret-7319";

    @Test
    void aSinkWithItsOwnRoleWritesAndItsPasswordIsNeverShownOrLogged(Sandbox sandbox) throws Exception {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(
                    "CREATE KEYSPACE IF NOT EXISTS sink_auth WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS sink_auth.notes (id text PRIMARY KEY, body text)");
            session.execute("CREATE ROLE IF NOT EXISTS bridge_writer WITH LOGIN = true AND PASSWORD = '" + SECRET
                    + "'");
            session.execute("GRANT MODIFY ON KEYSPACE sink_auth TO bridge_writer");
            session.execute("GRANT SELECT ON KEYSPACE sink_auth TO bridge_writer");
        }
        Map<String, String> config = with(Connectors.sinkConfig(sandbox, "sink_auth", "notes"),
                "cassandra.username", "bridge_writer", "cassandra.password", SECRET);

        Connectors.deploy(sandbox, "sink-auth", config);
        Clients.send(sandbox, "notes", "n1", "{\"id\":\"n1\",\"body\":\"hello\"}");

        try (CqlSession session = Clients.cql(sandbox)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> session.execute("SELECT body FROM sink_auth.notes WHERE id = 'n1'").one() != null);
        }
        Map<String, String> validated = new HashMap<>(config);
        validated.put("name", "sink-auth");
        JsonNode result = Connectors.client(sandbox).validate("io.ckbridge.sink.CassandraSinkConnector", validated);
        assertThat(result.path("error_count").asInt()).isZero();
        assertThat(result.toString()).doesNotContain(SECRET).contains("[hidden]");
        assertThat(Files.readString(sandbox.connect().logFile())).doesNotContain(SECRET);
        Connectors.delete(sandbox, "sink-auth");
    }

    @Test
    void theSourceReadsWithStreamReactorsCredentialKeysAndReportsWrongOnes(Sandbox sandbox) {
        try (CqlSession session = Clients.cql(sandbox)) {
            session.execute(
                    "CREATE KEYSPACE IF NOT EXISTS source_auth WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS source_auth.items (id text PRIMARY KEY, at timestamp)");
        }
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.ckbridge.source.CassandraSourceConnector");
        config.put("name", "source-auth");
        config.put("connect.cassandra.contact.points", "127.0.0.1");
        config.put("connect.cassandra.port", Integer.toString(sandbox.settings().cassandraPort()));
        config.put("connect.cassandra.key.space", "source_auth");
        config.put("connect.cassandra.username", "cassandra");
        config.put("connect.cassandra.password", "not-the-password");
        config.put("connect.cassandra.kcql", "INSERT INTO items SELECT * FROM items PK at");

        JsonNode wrong = Connectors.client(sandbox).validate("io.ckbridge.source.CassandraSourceConnector", config);
        assertThat(wrong.toString()).contains("refused the login of user 'cassandra'")
                .doesNotContain("not-the-password");

        config.put("connect.cassandra.password", "cassandra");
        assertThat(Connectors.client(sandbox).validate("io.ckbridge.source.CassandraSourceConnector", config)
                .path("error_count").asInt()).isZero();
    }

    @Test
    void wrongCredentialsAreReportedOnTheUserNameAtValidation(Sandbox sandbox) {
        Map<String, String> config = with(Connectors.sinkConfig(sandbox, "system_auth", "anything"),
                "cassandra.username", "bridge_writer", "cassandra.password", "not-the-password", "name", "bad-login");

        JsonNode result = Connectors.client(sandbox).validate("io.ckbridge.sink.CassandraSinkConnector", config);

        JsonNode username = null;
        for (JsonNode entry : result.path("configs")) {
            if (entry.path("value").path("name").asText().equals("cassandra.username")) {
                username = entry.path("value");
            }
        }
        assertThat(username).isNotNull();
        assertThat(username.path("errors").get(0).asText()).contains("refused the login of user 'bridge_writer'");
    }
}
