package io.ckbridge.materializer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ckbridge.materializer.MaterializerConfig;
import io.ckbridge.rawchange.JsonColumns;
import io.ckbridge.rawchange.RawChange.Kind;
import io.ckbridge.rawchange.RawChangeWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot holds its table's changes until its end marker, an abort marker, or the hold timeout. */
class SnapshotHoldTest {
    private static final long TIMEOUT_MS = 60_000;

    @TempDir
    Path stateDir;

    private MaterializerDriver start() {
        MaterializerDriver driver = new MaterializerDriver(stateDir, Map.of(
                MaterializerConfig.SNAPSHOT_HOLD_TIMEOUT_MS, TIMEOUT_MS));
        driver.catalog.tables.put("ks.t", MaterializerDriver.TABLE);
        return driver;
    }

    @Test
    void anAbortedSnapshotsChangesFollowTheRowsItRead() {
        try (MaterializerDriver driver = start()) {
            driver.send(null, RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_START, "ks", "t", "s-1"));
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "during", 200));
            assertThat(driver.events()).as("held while the snapshot runs").isEmpty();
            assertThat(driver.metrics.heldForSnapshot()).isEqualTo(1);

            driver.send(null, RawChangeWriter.snapshotAbort("ks", "t", "s-1", "Cassandra read timed out"));

            List<String> events = driver.events();
            assertThat(events).singleElement().satisfies(event -> assertThat(event).contains("\"v\":\"during\""));
            assertThat(driver.metrics.heldForSnapshot()).isZero();
            assertThat(driver.metrics.snapshotHoldTimeouts()).isZero();
        }
    }

    @Test
    void aSnapshotThatFallsSilentWithoutAnEndMarkerReleasesItsTableAfterTheTimeout() {
        try (MaterializerDriver driver = start()) {
            driver.send(null, RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_START, "ks", "t", "s-2"));
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "during", 200));
            driver.advance(Duration.ofMillis(TIMEOUT_MS / 2));
            // a row of the snapshot: it is alive, the timeout starts again
            driver.send(MaterializerDriver.key(2), RawChangeWriter.snapshotRow("ks", "t", "s-2", null)
                    .key(MaterializerDriver.key(2)).row(false, JsonColumns.NONE)
                    .liveness(100, 0, 0).cell("v", 100, null, "\"seeded\"", 0, 0).finish());
            assertThat(driver.events()).singleElement().satisfies(event -> assertThat(event)
                    .contains("\"op\":\"r\""));
            driver.advance(Duration.ofMillis(TIMEOUT_MS - 1_000));
            assertThat(driver.events()).as("the change still waits for the snapshot's end").isEmpty();
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "later", 300));

            driver.advance(Duration.ofMillis(2_000));

            List<String> events = driver.events();
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).contains("\"v\":\"during\"");
            assertThat(events.get(1)).contains("\"v\":\"later\"");
            assertThat(driver.metrics.snapshotHoldTimeouts()).isEqualTo(1);
            assertThat(driver.metrics.heldForSnapshot()).isZero();
            assertThat(driver.metrics.prometheus()).contains("materializer_snapshot_hold_timeouts_total 1")
                    .contains("materializer_held_changes{reason=\"snapshot\"} 0");

            driver.send(null, RawChangeWriter.snapshotMarker(Kind.SNAPSHOT_END, "ks", "t", "s-2"));
            driver.send(MaterializerDriver.key(1), MaterializerDriver.insert(1, "after", 400));
            assertThat(driver.events()).as("a late end marker changes nothing").hasSize(1);
        }
    }
}
