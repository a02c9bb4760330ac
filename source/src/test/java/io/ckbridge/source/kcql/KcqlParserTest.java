package io.ckbridge.source.kcql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KcqlParserTest {

    @Test
    void parsesStreamReactorsCassandraSourceStatement() {
        Kcql kcql =
                KcqlParser.parse(
                        "INSERT INTO test_topic SELECT event_data, event_ts FROM pack_events IGNORE event_ts PK "
                        + "event_ts "
                + "WITHUNWRAP INCREMENTALMODE=TIMESTAMP").get(0);

        assertThat(kcql.topic()).isEqualTo("test_topic");
        assertThat(kcql.columns()).containsExactly("event_data", "event_ts");
        assertThat(kcql.table()).isEqualTo("pack_events");
        assertThat(kcql.ignored()).containsExactly("event_ts");
        assertThat(kcql.pk()).contains("event_ts");
        assertThat(kcql.unwrap()).isTrue();
        assertThat(kcql.incrementalMode()).contains(Kcql.IncrementalMode.TIMESTAMP);
    }

    @Test
    void keywordsAreCaseInsensitiveAndTopicsMayHoldDotsAndDashes() {
        List<Kcql> statements = KcqlParser.parse("insert into orders.v1-eu select * from orders; "
                + "INSERT INTO `odd topic` SELECT a FROM t2 incrementalmode = timeuuid PK a;");

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).topic()).isEqualTo("orders.v1-eu");
        assertThat(statements.get(0).selectsAll()).isTrue();
        assertThat(statements.get(0).incrementalMode()).isEmpty();
        assertThat(statements.get(1).topic()).isEqualTo("odd topic");
        assertThat(statements.get(1).incrementalMode()).contains(Kcql.IncrementalMode.TIMEUUID);
    }

    @Test
    void errorsPointAtTheBadToken() {
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT a FORM x"))
                .hasMessageContaining("expected FROM but found 'FORM' at character 24");
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT a FROM x INCREMENTALMODE=DAILY"))
                .hasMessageContaining("INCREMENTALMODE must be TIMESTAMP, TIMEUUID or TOKEN, not 'DAILY'");
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT a FROM x WITHOUTUNWRAP"))
                .hasMessageContaining("expected IGNORE, PK, WITHUNWRAP or INCREMENTALMODE but found 'WITHOUTUNWRAP'");
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT FROM x"))
                .hasMessageContaining("expected a column name or * but found 'FROM'");
        assertThatThrownBy(() -> KcqlParser.parse("UPSERT INTO t SELECT a FROM x"))
                .hasMessageContaining("expected INSERT but found 'UPSERT'");
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT a FROM")).hasMessageContaining("the KCQL ends");
        assertThatThrownBy(() -> KcqlParser.parse("INSERT INTO t SELECT a FROM x WHERE b > 1"))
                .hasMessageContaining("found 'WHERE'");
        assertThatThrownBy(() -> KcqlParser.parse(" ")).hasMessageContaining("empty");
    }
}
