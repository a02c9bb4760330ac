package io.ckbridge.sink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingParserTest {

    @Test
    void parsesTheDataStaxSyntaxWithNestedFieldsTtlAndTimestamp() {
        MappingParser.ParsedMapping parsed = MappingParser.parse(
                "id=key.id, total=value.amount.total, ts=value.ts, __ttl=value.ttl, __timestamp=value.meta.written");

        assertThat(parsed.columns()).containsOnlyKeys(CqlIdentifier.fromCql("id"), CqlIdentifier.fromCql("total"),
                CqlIdentifier.fromCql("ts"));
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("id")))
                .isEqualTo(new FieldPath(FieldPath.Source.KEY, List.of("id")));
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("total")))
                .isEqualTo(new FieldPath(FieldPath.Source.VALUE, List.of("amount", "total")));
        assertThat(parsed.ttl()).isEqualTo(new FieldPath(FieldPath.Source.VALUE, List.of("ttl")));
        assertThat(parsed.timestamp()).isEqualTo(new FieldPath(FieldPath.Source.VALUE, List.of("meta", "written")));
    }

    @Test
    void wholeKeyOrValueHeadersAndNow() {
        MappingParser.ParsedMapping parsed = MappingParser.parse("k = key , v=value,h=header.trace_id, created=now()");

        assertThat(parsed.columns().get(CqlIdentifier.fromCql("k")))
                .isEqualTo(new FieldPath(FieldPath.Source.KEY, List.of()));
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("v")))
                .isEqualTo(new FieldPath(FieldPath.Source.VALUE, List.of()));
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("h")))
                .isEqualTo(new FieldPath(FieldPath.Source.HEADER, List.of("trace_id")));
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("created"))).isEqualTo(FieldPath.now());
    }

    @Test
    void quotedNamesKeepTheirCaseAndMayHoldDots() {
        MappingParser.ParsedMapping parsed =
                MappingParser.parse("\"UserId\"=value.\"user.id\", plain=value.\"Say \"\"hi\"\"\"");

        assertThat(parsed.columns()).containsKey(CqlIdentifier.fromInternal("UserId"));
        assertThat(parsed.columns().get(CqlIdentifier.fromInternal("UserId")).fields()).containsExactly("user.id");
        assertThat(parsed.columns().get(CqlIdentifier.fromCql("plain")).fields()).containsExactly("Say \"hi\"");
    }

    @Test
    void unquotedColumnNamesAreCaseInsensitiveAsInCql() {
        assertThat(MappingParser.parse("UserId=value.a").columns()).containsKey(CqlIdentifier.fromInternal("userid"));
    }

    @Test
    void errorsPointAtTheBadSpot() {
        assertThatThrownBy(() -> MappingParser.parse("id=key.id, =value.x"))
                .hasMessageContaining("expected a column name").hasMessageContaining("at character 12");
        assertThatThrownBy(() -> MappingParser.parse("id=body.id"))
                .hasMessageContaining("must start with 'key', 'value' or 'header', not 'body'");
        assertThatThrownBy(() -> MappingParser.parse("id=key.id id2=key.x"))
                .hasMessageContaining("expected ','");
        assertThatThrownBy(() -> MappingParser.parse("id=key.id, id=value.id")).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> MappingParser.parse("id=value.\"open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> MappingParser.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> MappingParser.parse("h=header")).hasMessageContaining("header.<name>");
    }
}
