package io.ckbridge.cdc.metrics;

import io.ckbridge.cdc.position.SegmentPosition;
import io.ckbridge.cdc.read.CdcIndex;
import io.ckbridge.cdc.read.CdcSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how full cdc_raw is against the node's {@code cdc_total_space}, on its own schedule:
 * at 100% Cassandra rejects writes to CDC tables, and that happens exactly when publishing is
 * stuck (Kafka away), so the measure must not wait for the publishing loop. Above
 * {@link #WARNING_RATIO} it logs a warning (at most once a minute) and the metrics and
 * {@code /health} show it.
 */
public final class CdcRawSpaceMonitor implements Runnable {
    public static final double WARNING_RATIO = 0.8;
    private static final Logger LOG = LoggerFactory.getLogger(CdcRawSpaceMonitor.class);
    private static final long WARNING_EVERY_MS = 60_000;

    private final Path cdcRaw;
    private final long cdcTotalSpaceBytes;
    private final Supplier<SegmentPosition> position;
    private final PublisherMetrics metrics;
    private final Clock clock;
    private long nextWarningAt;

    public CdcRawSpaceMonitor(Path cdcRaw, long cdcTotalSpaceBytes, Supplier<SegmentPosition> position,
            PublisherMetrics metrics, Clock clock) {
        this.cdcRaw = cdcRaw;
        this.cdcTotalSpaceBytes = cdcTotalSpaceBytes;
        this.position = position;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            measure();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not measure {}: {}", cdcRaw, e.toString());
        }
    }

    /** One measure: cdc_raw's size and the bytes not yet published. */
    public void measure() throws IOException {
        SegmentPosition from = position.get();
        long total = 0;
        long backlog = 0;
        for (CdcSegment segment : segments()) {
            total += sizeOf(segment.log());
            if (segment.id() >= from.segmentId()) {
                CdcIndex.Reading index = CdcIndex.read(segment.index());
                if (index.read()) {
                    int start = segment.id() == from.segmentId() ? from.offset() : 0;
                    backlog += Math.max(0, index.index().offset() - start);
                }
            }
        }
        metrics.space(total, cdcTotalSpaceBytes, backlog);
        if (cdcTotalSpaceBytes > 0 && total > cdcTotalSpaceBytes * WARNING_RATIO
                && clock.millis() >= nextWarningAt) {
            nextWarningAt = clock.millis() + WARNING_EVERY_MS;
            LOG.warn("cdc_raw holds {} MiB, {}% of cdc_total_space ({} MiB): at 100% Cassandra rejects writes to CDC "
                    + "tables. {} bytes wait to be published; is Kafka reachable and the publisher running?",
                    total >> 20, Math.round(100.0 * total / cdcTotalSpaceBytes), cdcTotalSpaceBytes >> 20, backlog);
        }
    }

    private List<CdcSegment> segments() throws IOException {
        try (Stream<Path> files = Files.list(cdcRaw)) {
            return files.map(CdcSegment::of).filter(Objects::nonNull).toList();
        }
    }

    /** A segment published and removed between the listing and now takes no space. */
    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
