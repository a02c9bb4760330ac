package io.ckbridge.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CdcDemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRawChangeIsOneLineWithWhereItWasReadAndItsCells() throws Exception {
        String raw = "{\"v\":1,\"node\":\"127.0.0.1\",\"segment\":1795648891458,\"position\":214979,"
                + "\"keyspace\":\"blog\",\"table\":\"pack_stock\",\"key\":{\"pack\":\"demo-x\"},"
                + "\"rows\":[{\"static\":false,\"clustering\":{},\"liveness\":{\"ts\":1795648924424531},"
                + "\"cells\":[{\"column\":\"price\",\"ts\":1795648924424531,\"value\":9.90},"
                + "{\"column\":\"seats\",\"ts\":1795648924424531,\"value\":5}]}]}";

        assertThat(CdcDemo.describeRaw(CdcDemo.read(raw))).isEqualTo("node 127.0.0.1 segment 1795648891458 @214979"
                + "  key {\"pack\":\"demo-x\"}  row marker  price=9.90  seats=5  (ts 1795648924424531)");
    }

    @Test
    void anEventIsReadWithOrWithoutItsSchema() throws Exception {
        String event = "{\"op\":\"u\",\"before\":{\"seats\":5},\"after\":{\"seats\":4}}";

        assertThat(CdcDemo.payload(JSON.readTree(event)).path("op").asText()).isEqualTo("u");
        assertThat(CdcDemo.payload(JSON.readTree("{\"schema\":{},\"payload\":" + event + "}")).path("after")
                .path("seats").asInt()).isEqualTo(4);
    }
}
