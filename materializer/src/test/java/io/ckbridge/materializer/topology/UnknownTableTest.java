package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.materializer.MaterializerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes of a table the schema does not have (yet): held, applied once it has it, or dead-lettered. */
class UnknownTableTest {
    @TempDir
    Path stateDir;

    private MaterializerDriver start(long retryMaxMs) {
        return new MaterializerDriver(stateDir, Map.of(MaterializerConfig.UNKNOWN_TABLE_RETRY_MAX_MS, retryMaxMs,
                MaterializerConfig.UNKNOWN_TABLE_RETRY_BACKOFF_MS, 1_000L));
    }

    @Test
    void aTableCreatedAfterItsFirstChangesArrivedGetsThemAllInOrder() {
        try (MaterializerDriver driver = start(600_000)) {

            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "first", 100));
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "second", 200));
            driver.advance(Duration.ofMillis(500));

            assertThat(driver.events()).isEmpty();
            assertThat(driver.deadLetters()).isEmpty();
            assertThat(driver.metrics.heldForUnknownTable()).isEqualTo(2);

            driver.catalog.tables.put("ks.t", MaterializerDriver.TABLE);
            // the next try after its backoff finds the table; a change arriving now still goes behind the held ones
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "third", 300));
            assertThat(driver.events()).isEmpty();
            driver.advance(Duration.ofMillis(600));

            List<String> events = driver.events();
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).contains("\"op\":\"c\"").contains("\"v\":\"first\"");
            assertThat(events.get(1)).contains("\"op\":\"u\"").contains("\"v\":\"second\"");
            assertThat(events.get(2)).contains("\"op\":\"u\"").contains("\"v\":\"third\"");
            assertThat(driver.metrics.heldForUnknownTable()).isZero();

            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "fourth", 400));
            assertThat(driver.events()).as("nothing held any more: applied on arrival").hasSize(1);
        }
    }

    @Test
    void aChangeStillUnknownAfterTheHoldTimeIsDeadLetteredAsItCame() {
        try (MaterializerDriver driver = start(5_000)) {
            byte[] change = MaterializerDriver.insert(1, "lost", 100).getBytes(StandardCharsets.UTF_8);

            driver.send(MaterializerDriver.key(1), change);
            for (int i = 0; i < 40; i++) {
                driver.advance(Duration.ofMillis(100));
            }
            assertThat(driver.deadLetters()).as("within the hold time").isEmpty();
            int refreshes = driver.catalog.refreshes.get();
            assertThat(refreshes).as("the schema is read again, with backoff").isBetween(2, 4);
            for (int i = 0; i < 40; i++) {
                driver.advance(Duration.ofMillis(100));
            }

            List<TestRecord<byte[], byte[]>> dead = driver.deadLetters();
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(change);
                assertThat(MaterializerDriver.header(record, DeadLetters.REASON_HEADER)).isEqualTo("unknown-table");
                assertThat(MaterializerDriver.header(record, DeadLetters.TOPIC_HEADER))
                        .isEqualTo(MaterializerDriver.RAW_TOPIC);
                assertThat(MaterializerDriver.header(record, DeadLetters.OFFSET_HEADER)).isEqualTo("0");
                assertThat(MaterializerDriver.header(record, DeadLetters.ERROR_HEADER)).contains("ks.t");
            });
            assertThat(driver.metrics.deadLetters(DeadLetterReason.UNKNOWN_TABLE)).isEqualTo(1);
            assertThat(driver.metrics.heldForUnknownTable()).isZero();
            assertThat(driver.events()).isEmpty();
        }
    }
}
