package io.ckbridge.sink.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.ckbridge.sink.SinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TopicTableSettingsTest {

    private static Map<String, String> base() {
        Map<String, String> props = new HashMap<>();
        props.put("cassandra.keyspace", "shop");
        props.put("cassandra.ttl", "60");
        return props;
    }

    @Test
    void aTopicMayFeedSeveralTablesAndItsNameMayHoldDots() {
        Map<String, String> props = base();
        props.put("topic.eu.orders.v1.shop.orders.mapping", "id=key.id");
        props.put("topic.eu.orders.v1.shop.orders_by_customer.mapping", "customer=value.customer, id=key.id");
        props.put("topic.eu.orders.v1.shop.orders_by_customer.ttl", "10");
        props.put("topic.eu.orders.v1.shop.orders_by_customer.consistencyLevel", "local_one");
        props.put("topic.eu.orders.v1.shop.orders_by_customer.ttlTimeUnit", "MINUTES");

        List<TopicTableSettings> targets = TopicTableSettings.all(new SinkConfig(props), props,
                List.of("eu.orders.v1"));

        assertThat(targets).extracting(TopicTableSettings::describe)
                .containsExactlyInAnyOrder("eu.orders.v1 -> shop.orders", "eu.orders.v1 -> shop.orders_by_customer");
        TopicTableSettings byCustomer = targets.stream().filter(t -> t.table().equals("orders_by_customer")).findFirst()
                .orElseThrow();
        assertThat(byCustomer.ttlSeconds()).contains(10);
        assertThat(byCustomer.ttlUnit()).isEqualTo(TimeUnit.MINUTES);
        assertThat(byCustomer.consistencyLevel()).contains(DefaultConsistencyLevel.LOCAL_ONE);
        TopicTableSettings orders = targets.stream().filter(t -> t.table().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.ttlSeconds()).as("the connector-wide TTL applies without a per-table one").contains(60);
    }

    @Test
    void aTopicWithoutMappingWritesToTheTableNamedAfterIt() {
        Map<String, String> props = base();
        props.put("cassandra.table.name.format", "kafka_${topic}");

        List<TopicTableSettings> targets = TopicTableSettings.all(new SinkConfig(props), props,
                List.of("page-views.v2"));

        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.table()).isEqualTo("kafka_page_views_v2");
            assertThat(target.keyspace()).isEqualTo("shop");
            assertThat(target.mapping()).isEmpty();
        });
    }

    @Test
    void badValuesNameTheirKey() {
        Map<String, String> props = base();
        props.put("topic.t.shop.x.nullToUnset", "maybe");

        assertThatThrownBy(() -> TopicTableSettings.all(new SinkConfig(props), props, List.of("t")))
                .isInstanceOf(TopicTableSettings.InvalidSettingException.class)
                .hasMessageContaining("topic.t.shop.x.nullToUnset must be true or false");
    }

    @Test
    void tableNamesAreMadeValidCql() {
        assertThat(TopicTableSettings.tableName("${topic}", "Orders-2024")).isEqualTo("orders_2024");
        assertThat(TopicTableSettings.tableName("${topic}", "9lives")).isEqualTo("t_9lives");
    }
}
