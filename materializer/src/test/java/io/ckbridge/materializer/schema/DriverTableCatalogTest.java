package io.ckbridge.materializer.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriverTableCatalogTest {
    @Test
    void replicationFactorsCountFullReplicasOnly() {
        assertThat(DriverTableCatalog.factor("3")).isEqualTo(3);
        assertThat(DriverTableCatalog.factor(" 2 ")).isEqualTo(2);
        assertThat(DriverTableCatalog.factor("3/1")).as("one of three transient").isEqualTo(2);
        assertThat(DriverTableCatalog.factor(null)).isZero();
        assertThat(DriverTableCatalog.factor("many")).isZero();
    }
}
