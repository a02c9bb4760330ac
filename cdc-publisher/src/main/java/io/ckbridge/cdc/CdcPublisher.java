package io.ckbridge.cdc;

import io.ckbridge.cdc.config.NodeYaml;
import io.ckbridge.cdc.config.PublisherConfig;
import io.ckbridge.cdc.damage.AcceptedLosses;
import io.ckbridge.cdc.damage.DamageRegister;
import io.ckbridge.cdc.damage.Quarantine;
import io.ckbridge.cdc.damage.SegmentDamage;
import io.ckbridge.cdc.damage.UnreadableHold;
import io.ckbridge.cdc.decode.MutationDecoder;
import io.ckbridge.cdc.metrics.CdcRawSpaceMonitor;
import io.ckbridge.cdc.metrics.PublisherHealth;
import io.ckbridge.cdc.metrics.PublisherMetrics;
import io.ckbridge.cdc.position.PositionStore;
import io.ckbridge.cdc.position.SegmentPosition;
import io.ckbridge.cdc.publish.ChangePublisher;
import io.ckbridge.cdc.publish.SegmentRangePublisher;
import io.ckbridge.cdc.read.CdcIndex;
import io.ckbridge.cdc.read.CdcSegment;
import io.ckbridge.cdc.schema.LiveSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    private static final long DAMAGE_RECHECK_MS = 30_000;

    private final PublisherConfig config;
    private final NodeYaml node;
    private final PositionStore positions;
    private final PublisherMetrics metrics;
    private final DamageRegister damage;
    private final AcceptedLosses acceptedLosses;
    private final Quarantine quarantine;
    private final PublisherHealth health;
    private final SegmentRangePublisher ranges;
    private final Map<Long, Long> damageRecheckAt = new HashMap<>();
    private final CdcRawSpaceMonitor space;
    private volatile SegmentPosition position;
    private volatile boolean stopped;
    private String passFailure;
    private long lastIndexWarning;

    public CdcPublisher(PublisherConfig config, NodeYaml node, LiveSchema schema, ChangePublisher kafka,
                        PositionStore positions, PublisherMetrics metrics) {
        this.config = config;
        this.node = node;
        this.positions = positions;
        this.metrics = metrics;
        this.damage = new DamageRegister(config.stateDir());
        this.acceptedLosses = new AcceptedLosses(config.stateDir());
        this.quarantine = new Quarantine(config.stateDir());
        this.health = new PublisherHealth(config.healthMaxFailedPasses(), damage, metrics);
        this.ranges = new SegmentRangePublisher(schema, new MutationDecoder(config.nodeId()), kafka, quarantine,
                new UnreadableHold(config.unreadableRetryMax(), Clock.systemUTC()), metrics);
        this.position = positions.load();
        this.space = new CdcRawSpaceMonitor(node.cdcRaw(), node.cdcTotalSpaceBytes(), () -> this.position, metrics,
                Clock.systemUTC());
        metrics.position(describe(position));
        metrics.damagedSegments(damage.held().size());
    }

    /** What /health answers. */
    public PublisherHealth health() {
        return health;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        LOG.info("Publishing the changes of {} from {} to {} (topics {}.raw.<keyspace>.<table>)", node.cdcRaw(),
                describe(position), config.bootstrapServers(), config.topicPrefix());
        for (SegmentDamage held : damage.held()) {
            LOG.error("Still waiting for a decision: {}", held.describe());
        }
        ScheduledExecutorService measuring = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cdc-raw-space");
            thread.setDaemon(true);
            return thread;
        });
        measuring.scheduleWithFixedDelay(space, 0, config.spaceCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
        try {
            publishUntilStopped();
        } finally {
            measuring.shutdownNow();
        }
        LOG.info("Stopped at {}", describe(position));
    }

    private void publishUntilStopped() {
        while (!stopped) {
            boolean progressed;
            passFailure = null;
            try {
                progressed = step();
            } catch (IOException | RuntimeException e) {
                LOG.error("Reading {} failed; retrying in a moment: {}", node.cdcRaw(), e.toString(), e);
                passFailure = "reading " + node.cdcRaw() + " failed: " + e;
                progressed = false;
                pause(1000);
            }
            if (passFailure != null) {
                health.passFailed(passFailure);
            } else {
                health.passSucceeded();
            }
            if (!progressed) {
                pause(config.pollInterval().toMillis());
            }
        }
    }

    /** One pass over cdc_raw; true when something was published or removed. */
    boolean step() throws IOException {
        List<CdcSegment> segments = segments();
        removeOrphans(segments);
        boolean progressed = publishAcceptedQuarantined();
        for (int i = 0; i < segments.size() && !stopped; i++) {
            CdcSegment segment = segments.get(i);
            CdcIndex.Reading reading = CdcIndex.read(segment.index());
            if (reading.state() == CdcIndex.State.MISSING) {
                if (anyIndexed(segments.subList(i + 1, segments.size()))) {
                    // Cassandra syncs segments in order and writes a later one's index only after
                    // this one's: it holds no CDC data. Its link stays until its memtables flush,
                    // which for non-CDC tables may take hours; later changes must not wait for it.
                    continue;
                }
                break; // the active segment before its first CDC write
            }
            if (reading.state() == CdcIndex.State.UNREADABLE) {
                indexUnreadable(reading.problem());
                break; // retried next pass; never taken for "no CDC data"
            }
            CdcIndex index = reading.index();
            if (segment.id() < position.segmentId()) {
                if (index.completed()) {
                    retire(segment); // published before a restart, not yet removed
                    progressed = true;
                    continue;
                }
                break;
            }
            int from = segment.id() == position.segmentId() ? position.offset() : 0;
            if (index.offset() > from) {
                SegmentRangePublisher.Outcome outcome = publish(segment, from, index);
                if (outcome == SegmentRangePublisher.Outcome.DAMAGED && config.quarantineDamagedSegments()
                        && index.completed()) {
                    setAside(segment, index);
                    progressed = true;
                    continue;
                }
                if (outcome != SegmentRangePublisher.Outcome.PUBLISHED) {
                    return progressed;
                }
                progressed = true;
            }
            if (!index.completed()) {
                break;
            }
            advance(new SegmentPosition(segment.id(), index.offset()));
            retire(segment);
            progressed = true;
        }
        return progressed;
    }

    private static boolean anyIndexed(List<CdcSegment> segments) {
        return segments.stream().anyMatch(segment -> Files.exists(segment.index()));
    }

    /** Publishes (from, durable offset] of a segment in cdc_raw, holding it when it is damaged there. */
    private SegmentRangePublisher.Outcome publish(CdcSegment segment, int from, CdcIndex index) throws IOException {
        boolean accepted = acceptedLosses.isAccepted(segment.id());
        if (!accepted && damage.get(segment.id()).isPresent()
                && System.currentTimeMillis() < damageRecheckAt.getOrDefault(segment.id(), 0L)) {
            return SegmentRangePublisher.Outcome.DAMAGED; // read again now and then: a restored file is taken
        }
        SegmentRangePublisher.Result result = ranges.publish(segment, from, index.offset(), accepted,
                offset -> advance(new SegmentPosition(segment.id(), offset)));
        switch (result.outcome()) {
            case DAMAGED -> hold(segment, result, index);
            case PUBLISHED -> {
                if (damage.get(segment.id()).isPresent() || accepted && !result.read().errors().isEmpty()) {
                    lossAccepted(segment.id(), result, from, index.offset());
                }
            }
            default -> passFailure = result.failure();
        }
        return result.outcome();
    }

    private void hold(CdcSegment segment, SegmentRangePublisher.Result result, CdcIndex index) {
        damageRecheckAt.put(segment.id(), System.currentTimeMillis() + DAMAGE_RECHECK_MS);
        SegmentDamage known = damage.get(segment.id()).orElse(null);
        if (known != null && known.verifiedOffset() == result.read().verifiedOffset()) {
            return;
        }
        SegmentDamage found = SegmentDamage.found(segment.id(), segment.log(), result.read().verifiedOffset(),
                index.offset(), result.read().errors());
        damage.hold(found);
        metrics.damagedSegments(damage.held().size());
        LOG.error("{}. Cassandra declared these bytes durable, so this is damage, not a section being written. "
                + "Published up to offset {}; nothing after it in this segment is published or removed{}. Errors: {}. "
                + "To accept losing the unreadable part: bridge cdc-publisher skip-segment --state-dir {} --segment {}",
                found.describe(), found.verifiedOffset(), config.quarantineDamagedSegments()
                        ? " (once complete it is moved to " + quarantine.directory() + " and later segments go on)"
                        : " and later segments wait (damaged.segment.policy=stop)",
                found.errors(), config.stateDir(), segment.id());
    }

    /** damaged.segment.policy=quarantine: the complete damaged segment leaves cdc_raw, later ones go on. */
    private void setAside(CdcSegment segment, CdcIndex index) throws IOException {
        Path moved = quarantine.moveSegment(segment);
        damage.get(segment.id()).ifPresent(held -> damage.hold(held.movedTo(moved)));
        advance(new SegmentPosition(segment.id(), index.offset()));
        LOG.error("Moved damaged segment {} to {}; publishing goes on with later segments. Its part after offset {} "
                + "waits for skip-segment.", segment.id(), moved,
                damage.get(segment.id()).map(SegmentDamage::verifiedOffset).orElse(0));
    }

    /** Damaged segments set aside in the quarantine whose loss was accepted: publish what can still be read. */
    private boolean publishAcceptedQuarantined() throws IOException {
        boolean progressed = false;
        for (SegmentDamage held : damage.held()) {
            Path log = held.logFile();
            if (!log.startsWith(quarantine.directory()) || !acceptedLosses.isAccepted(held.segmentId())) {
                continue;
            }
            CdcSegment segment = CdcSegment.of(log);
            SegmentRangePublisher.Result result = ranges.publish(segment, held.verifiedOffset(),
                    held.durableOffset(), true, offset -> { });
            if (result.outcome() != SegmentRangePublisher.Outcome.PUBLISHED) {
                passFailure = result.failure();
                return progressed;
            }
            lossAccepted(held.segmentId(), result, held.verifiedOffset(), held.durableOffset());
            progressed = true;
        }
        return progressed;
    }

    private void lossAccepted(long segmentId, SegmentRangePublisher.Result result, int from, int to) {
        int read = result.read().entries().size();
        metrics.lossAccepted(result.read().skippedBytes());
        damage.release(segmentId);
        damageRecheckAt.remove(segmentId);
        metrics.damagedSegments(damage.held().size());
        LOG.warn("Segment {}: loss accepted. Read past the damage between offsets {} and {}: {} entries published, "
                + "{} bytes lost: {}", segmentId, from, to, read, result.read().skippedBytes(),
                result.read().errors().isEmpty() ? "nothing (it reads cleanly now)" : result.read().errors());
    }

    private void indexUnreadable(String problem) {
        metrics.indexUnreadable();
        passFailure = "an index file cannot be read: " + problem;
        if (System.currentTimeMillis() - lastIndexWarning > 60_000) {
            lastIndexWarning = System.currentTimeMillis();
            LOG.warn("{}; retrying (a file caught mid-write reads fine a moment later)", problem);
        }
    }

    private void advance(SegmentPosition next) {
        if (next.compareTo(position) > 0) {
            position = next;
            positions.save(next);
            metrics.position(describe(next));
        }
    }

    /** Removes a published segment; one a person accepted losses in is kept in the quarantine instead. */
    private void retire(CdcSegment segment) throws IOException {
        if (acceptedLosses.isAccepted(segment.id())) {
            Path moved = quarantine.moveSegment(segment);
            LOG.info("Kept segment {}, in which a loss was accepted, as {}", segment.id(), moved);
            return;
        }
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

    private static String describe(SegmentPosition position) {
        return position.equals(SegmentPosition.START) ? "the oldest segment" : position.segmentId() + ":"
                + position.offset();
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
