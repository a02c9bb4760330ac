package io.ckbridge.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryUrlTest {

    @Test
    void theRootOrAnyApiRootNamesTheSameRegistry() {
        for (String given : new String[] {"http://reg:8081", "http://reg:8081/", "http://reg:8081/apis/ccompat/v7",
                "http://reg:8081/apis/registry/v2/", "http://reg:8081/apis/registry/v3"}) {
            RegistryUrl url = RegistryUrl.of(given);
            assertThat(url.confluentApi()).as(given).isEqualTo("http://reg:8081/apis/ccompat/v7");
            assertThat(url.apicurioApi()).as(given).isEqualTo("http://reg:8081/apis/registry/v2");
        }
    }

    @Test
    void aSettingThatIsNoHttpUrlIsRefusedWhenReadAndAnEmptyOneMeansNone() {
        assertThatThrownBy(() -> RegistryUrl.VALIDATOR.ensureValid("schema.registry.url", "reg:8081"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        RegistryUrl.VALIDATOR.ensureValid("schema.registry.url", "");
        assertThat(RegistryUrl.fromSetting("")).isEmpty();
        assertThat(RegistryUrl.fromSetting("https://reg")).isPresent();
    }
}
