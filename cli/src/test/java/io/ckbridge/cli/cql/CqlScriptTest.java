package io.ckbridge.cli.cql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void splitsAtSemicolonsAndDropsEmptyStatements() {
        assertThat(CqlScript.statements("SELECT 1 FROM a; SELECT 2 FROM b;;\n"))
                .containsExactly("SELECT 1 FROM a", "SELECT 2 FROM b");
    }

    @Test
    void keepsSemicolonsInsideStringsIdentifiersAndDollarBlocks() {
        assertThat(CqlScript.statements(
                "INSERT INTO t (k) VALUES ('a;b''c'); SELECT \"odd;name\" FROM t; SELECT $$x;y$$ FROM t"))
                .containsExactly("INSERT INTO t (k) VALUES ('a;b''c')", "SELECT \"odd;name\" FROM t",
                        "SELECT $$x;y$$ FROM t");
    }

    @Test
    void ignoresCommentsOfEveryKind() {
        assertThat(CqlScript.statements(
                "-- one; two\nSELECT 1 FROM a; // three; four\n/* five; six */ SELECT 2 FROM b"))
                .containsExactly("SELECT 1 FROM a", "SELECT 2 FROM b");
    }

    @Test
    void aStatementWithoutTrailingSemicolonIsKept() {
        assertThat(CqlScript.statements("  SELECT * FROM t  ")).containsExactly("SELECT * FROM t");
    }
}
