package io.ckbridge.cdc;

import io.ckbridge.cdc.config.NodeYaml;
import io.ckbridge.cdc.config.PublisherConfig;
import io.ckbridge.cdc.decode.MutationDecoder;
import io.ckbridge.cdc.decode.RawChangeRecord;
import io.ckbridge.cdc.metrics.PublisherMetrics;
import io.ckbridge.cdc.position.PositionStore;
import io.ckbridge.cdc.position.SegmentPosition;
import io.ckbridge.cdc.publish.ChangePublisher;
import io.ckbridge.cdc.read.CdcIndex;
import io.ckbridge.cdc.read.CdcSegment;
import io.ckbridge.cdc.read.SegmentReader;
import io.ckbridge.cdc.schema.LiveSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.cassandra.schema.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing loop. It follows the node's cdc_raw folder segment by segment, reads each one
 * only up to the offset its index file declares durable, publishes the changes, stores the
 * position once Kafka acknowledged them, and removes a segment once it is complete and
 * published — Cassandra never does, and rejects CDC writes when cdc_raw is full.
 */
public final class CdcPublisher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CdcPublisher.class);
    private static final int CHUNK = 5000;

    private final PublisherConfig config;
    private final NodeYaml node;
    private final LiveSchema schema;
    private final ChangePublisher kafka;
    private final PositionStore positions;
    private final PublisherMetrics metrics;
    private final MutationDecoder decoder;
    private final SegmentReader reader = new SegmentReader();
    private SegmentPosition position;
    private volatile boolean stopped;
    private long backoffMs;
    private long lastSpaceWarning;

    public CdcPublisher(PublisherConfig config, NodeYaml node, LiveSchema schema, ChangePublisher kafka,
                        PositionStore positions, PublisherMetrics metrics) {
        this.config = config;
        this.node = node;
        this.schema = schema;
        this.kafka = kafka;
        this.positions = positions;
        this.metrics = metrics;
        this.decoder = new MutationDecoder(config.nodeId());
        this.position = positions.load();
        metrics.position(describe(position));
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        LOG.info("Publishing the changes of {} from {} to {} (topics {}.raw.<keyspace>.<table>)", node.cdcRaw(),
                describe(position), config.bootstrapServers(), config.topicPrefix());
        while (!stopped) {
            boolean progressed;
            try {
                progressed = step();
            } catch (IOException | RuntimeException e) {
                LOG.error("Reading {} failed; retrying in a moment: {}", node.cdcRaw(), e.toString(), e);
                progressed = false;
                pause(1000);
            }
            if (!progressed) {
                pause(config.pollInterval().toMillis());
            }
        }
        LOG.info("Stopped at {}", describe(position));
    }

    /** One pass over cdc_raw; true when something was published or removed. */
    boolean step() throws IOException {
        List<CdcSegment> segments = segments();
        removeOrphans(segments);
        measure(segments);
        boolean progressed = false;
        for (int i = 0; i < segments.size(); i++) {
            CdcSegment segment = segments.get(i);
            if (stopped) {
                break;
            }
            Optional<CdcIndex> index = CdcIndex.read(segment.index());
            if (index.isEmpty()) {
                if (anyIndexed(segments.subList(i + 1, segments.size()))) {
                    // Cassandra syncs segments in order and writes a later one's index only after
                    // this one's: it holds no CDC data. Its link stays until its memtables flush,
                    // which for non-CDC tables may take hours; later changes must not wait for it.
                    continue;
                }
                break; // the active segment before its first CDC write, or its index caught mid-write
            }
            if (segment.id() < position.segmentId()) {
                if (index.get().completed()) {
                    delete(segment); // published before a restart, not yet removed
                    progressed = true;
                    continue;
                }
                break;
            }
            int from = segment.id() == position.segmentId() ? position.offset() : 0;
            if (index.get().offset() > from) {
                if (!publish(segment, from, index.get().offset())) {
                    return progressed;
                }
                progressed = true;
            }
            if (!index.get().completed()) {
                break;
            }
            advance(new SegmentPosition(segment.id(), index.get().offset()));
            delete(segment);
            progressed = true;
        }
        return progressed;
    }

    private static boolean anyIndexed(List<CdcSegment> segments) {
        return segments.stream().anyMatch(segment -> Files.exists(segment.index()));
    }

    /** Reads (from, to] of a segment and publishes it; false when Kafka did not take it (retried later). */
    private boolean publish(CdcSegment segment, int from, int to) throws IOException {
        if (schema.refreshIfChanged()) {
            metrics.schemaReloaded();
        }
        SegmentReader.Result result = reader.read(segment, from, to);
        if (!result.complete()) {
            // A table or column the schema lacks: the reader skipped or failed those mutations.
            schema.reload();
            metrics.schemaReloaded();
            result = reader.read(segment, from, to);
            reportUnreadable(segment, from, to, result);
        }
        metrics.mutationsRead(result.entries().size());
        List<SegmentReader.Entry> entries = result.entries();
        for (int start = 0; start < entries.size(); start += CHUNK) {
            List<SegmentReader.Entry> chunk = entries.subList(start, Math.min(entries.size(), start + CHUNK));
            List<RawChangeRecord> changes = new ArrayList<>();
            long newest = 0;
            for (SegmentReader.Entry entry : chunk) {
                for (RawChangeRecord change : decoder.decode(entry.mutation(), segment.id(), entry.endOffset())) {
                    changes.add(change);
                    newest = Math.max(newest, change.writeTimeMicros());
                }
            }
            try {
                kafka.publish(changes);
            } catch (Exception e) {
                metrics.publishFailed();
                kafka.reset();
                backoffMs = backoffMs == 0 ? 500 : Math.min(30_000, backoffMs * 2);
                LOG.warn(
                        "Kafka did not acknowledge {} changes ({}); keeping position {}, {} bytes waiting; retrying in "
                        + "{} ms",
                        changes.size(), rootMessage(e), describe(position), metrics.getBacklogBytes(), backoffMs);
                pause(backoffMs);
                return false;
            }
            backoffMs = 0;
            metrics.published(changes.size(), newest);
            boolean last = start + CHUNK >= entries.size();
            advance(new SegmentPosition(segment.id(), last ? to : chunk.get(chunk.size() - 1).endOffset()));
        }
        if (entries.isEmpty()) {
            advance(new SegmentPosition(segment.id(), to));
        }
        return true;
    }

    private void reportUnreadable(CdcSegment segment, int from, int to, SegmentReader.Result result) {
        for (Map.Entry<TableId, Integer> unknown : result.unknownTables().entrySet()) {
            LOG.error(
                    "{} mutation(s) of table id {} in segment {} (bytes {} to {}) cannot be read: the node's schema "
                    + "has no such "
                    + "table (dropped?). They are not published.", unknown.getValue(), unknown.getKey(), segment.id(),
                            from, to);
            metrics.unreadable(unknown.getValue());
        }
        for (String failure : result.undecodable()) {
            LOG.error(
                    "A mutation in segment {} (bytes {} to {}) cannot be decoded even with the reloaded schema; it is "
                    + "not published: {}", segment.id(), from, to, failure);
            metrics.unreadable(1);
        }
    }

    private void advance(SegmentPosition next) {
        if (next.compareTo(position) > 0) {
            position = next;
            positions.save(next);
            metrics.position(describe(next));
        }
    }

    private void delete(CdcSegment segment) throws IOException {
        Files.deleteIfExists(segment.log());
        Files.deleteIfExists(segment.index());
        metrics.segmentDeleted();
        LOG.debug("Removed published segment {} from cdc_raw", segment.id());
    }

    /** Segments in cdc_raw, oldest first. */
    private List<CdcSegment> segments() throws IOException {
        try (Stream<Path> files = Files.list(node.cdcRaw())) {
            return files.map(CdcSegment::of).filter(Objects::nonNull).sorted(Comparator.comparingLong(CdcSegment::id))
                    .toList();
        }
    }

    /**
     * A segment without an index holds no CDC data; Cassandra removes its link when it discards
     * the segment, but not when it was killed first. Such a link older than every live segment
     * would otherwise use up cdc_total_space for ever.
     */
    private void removeOrphans(List<CdcSegment> segments) throws IOException {
        long oldestLive = Long.MAX_VALUE;
        try (Stream<Path> files = Files.list(node.commitLog())) {
            oldestLive = files.map(CdcSegment::of).filter(Objects::nonNull).mapToLong(CdcSegment::id).min()
                    .orElse(Long.MAX_VALUE);
        }
        for (CdcSegment segment : segments) {
            if (segment.id() < oldestLive && !Files.exists(segment.index())) {
                Files.deleteIfExists(segment.log());
                LOG.info("Removed segment {} from cdc_raw: it holds no CDC data and Cassandra no longer uses it",
                        segment.id());
            }
        }
    }

    private void measure(List<CdcSegment> segments) throws IOException {
        long total = 0;
        long backlog = 0;
        for (CdcSegment segment : segments) {
            if (Files.exists(segment.log())) {
                total += Files.size(segment.log());
            }
            if (segment.id() >= position.segmentId()) {
                Optional<CdcIndex> index = CdcIndex.read(segment.index());
                if (index.isPresent()) {
                    int from = segment.id() == position.segmentId() ? position.offset() : 0;
                    backlog += Math.max(0, index.get().offset() - from);
                }
            }
        }
        metrics.space(total, node.cdcTotalSpaceBytes(), backlog);
        if (node.cdcTotalSpaceBytes() > 0 && total > node.cdcTotalSpaceBytes() * 0.8
                && System.currentTimeMillis() - lastSpaceWarning > 60_000) {
            lastSpaceWarning = System.currentTimeMillis();
            LOG.warn(
                    "cdc_raw holds {} MiB, over 80% of cdc_total_space ({} MiB): at 100% Cassandra rejects writes to "
                    + "CDC tables. "
                    + "{} bytes are waiting to be published.", total >> 20, node.cdcTotalSpaceBytes() >> 20, backlog);
        }
    }

    private static String describe(SegmentPosition position) {
        return position.equals(SegmentPosition.START) ? "the oldest segment" : position.segmentId() + ":"
                + position.offset();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
