package io.ckbridge.cdc.publish;

import io.ckbridge.cdc.damage.Quarantine;
import io.ckbridge.cdc.damage.UnreadableHold;
import io.ckbridge.cdc.decode.MutationDecoder;
import io.ckbridge.cdc.decode.RawChangeRecord;
import io.ckbridge.cdc.metrics.PublisherMetrics;
import io.ckbridge.cdc.read.CdcSegment;
import io.ckbridge.cdc.read.SegmentReader;
import io.ckbridge.cdc.read.SegmentReader.Entry;
import io.ckbridge.cdc.read.SegmentReader.UnreadableEntry;
import io.ckbridge.cdc.schema.LiveSchema;
import io.ckbridge.common.kafka.KafkaConnectionErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.cassandra.schema.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one range of a segment: reads it, sends its changes to Kafka in chunks and moves the
 * position after each acknowledged chunk. It never moves the position past an entry it did not
 * hand on: an undecodable mutation is retried (after a schema reload) or, once its hold is over,
 * quarantined first; damage below the durable offset ends the range where the damage starts.
 */
public final class SegmentRangePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRangePublisher.class);
    private static final int CHUNK = 5000;
    private static final long MAX_BACKOFF_MS = 30_000;

    /** How a range ended. */
    public enum Outcome {
        /** Everything readable is published (with {@code pastDamage}, a damaged part is skipped). */
        PUBLISHED,
        /** Published up to damage below the durable offset; nothing past it. */
        DAMAGED,
        /** Published up to an undecodable mutation still within its hold. */
        BLOCKED,
        /** Kafka did not acknowledge a chunk: published up to the chunk before it. */
        KAFKA_REFUSED
    }

    /** The outcome, what the read found, and for a failure a line saying why. */
    public record Result(Outcome outcome, SegmentReader.Result read, String failure) {
    }

    private final SegmentReader reader = new SegmentReader();
    private final LiveSchema schema;
    private final MutationDecoder decoder;
    private final ChangePublisher kafka;
    private final Quarantine quarantine;
    private final UnreadableHold hold;
    /** Tables found dropped: their mutations are kept aside without an error each. */
    private final Set<TableId> dropped = new HashSet<>();
    private final PublisherMetrics metrics;
    private long kafkaBackoffMs;

    public SegmentRangePublisher(LiveSchema schema, MutationDecoder decoder, ChangePublisher kafka,
            Quarantine quarantine, UnreadableHold hold, PublisherMetrics metrics) {
        this.schema = schema;
        this.decoder = decoder;
        this.kafka = kafka;
        this.quarantine = quarantine;
        this.hold = hold;
        this.metrics = metrics;
    }

    /**
     * Publishes the entries ending in (from, to], telling {@code advance} each offset up to which
     * everything is handed on. With {@code pastDamage} (a loss a person accepted) it reads past
     * damaged entries and sections and goes on with what it can still read.
     */
    public Result publish(CdcSegment segment, int from, int to, boolean pastDamage, IntConsumer advance)
            throws IOException {
        if (!hold.mayTry()) {
            return new Result(Outcome.BLOCKED, null, hold.blocked());
        }
        if (schema.refreshIfChanged()) {
            metrics.schemaReloaded();
        }
        SegmentReader.Result read = reader.read(segment, from, to, pastDamage);
        if (!read.unreadable().isEmpty()) {
            // A table or column the schema lacks: it may have been created a moment ago.
            schema.reload();
            metrics.schemaReloaded();
            read = reader.read(segment, from, to, pastDamage);
            droppedTables(read.unreadable());
        }
        if (read.damaged() || (pastDamage && !read.errors().isEmpty())) {
            metrics.readErrors(read.errors().size());
        }
        int waiting = hold.firstWaiting(segment.id(), read.unreadable());
        int limit = pastDamage ? to : read.verifiedOffset();
        if (waiting >= 0) {
            limit = Math.min(limit, waiting - 1);
        }
        metrics.mutationsRead(read.entries().size());
        String refused = publishUpTo(segment, read, limit, advance);
        if (refused != null) {
            return new Result(Outcome.KAFKA_REFUSED, read, refused);
        }
        if (waiting >= 0) {
            UnreadableEntry first = read.unreadable().stream().filter(entry -> entry.endOffset() == waiting)
                    .findFirst().orElseThrow();
            LOG.warn("Segment {}: the mutation ending at offset {} cannot be read ({}); {}. Nothing after it is "
                    + "published yet.", segment.id(), waiting, first.reason(), hold.blocked());
            return new Result(Outcome.BLOCKED, read, "segment " + segment.id() + ": " + hold.blocked() + ": "
                    + first.reason());
        }
        if (read.damaged() && !pastDamage) {
            return new Result(Outcome.DAMAGED, read, "segment " + segment.id() + " damaged at offset "
                    + read.verifiedOffset());
        }
        advance.accept(to);
        return new Result(Outcome.PUBLISHED, read, null);
    }

    /** Hands on the entries and unreadable mutations ending by {@code limit}, in order; null, or why Kafka refused. */
    private String publishUpTo(CdcSegment segment, SegmentReader.Result read, int limit, IntConsumer advance) {
        List<Entry> entries = read.entries();
        List<UnreadableEntry> unreadable = read.unreadable();
        int nextUnreadable = 0;
        List<RawChangeRecord> changes = new ArrayList<>();
        int entriesInChunk = 0;
        long newest = 0;
        int handedOn = -1;
        for (int i = 0; i <= entries.size(); i++) {
            int end = i < entries.size() ? entries.get(i).endOffset() : Integer.MAX_VALUE;
            while (nextUnreadable < unreadable.size() && unreadable.get(nextUnreadable).endOffset() < end
                    && unreadable.get(nextUnreadable).endOffset() <= limit) {
                quarantine(segment, unreadable.get(nextUnreadable++));
            }
            if (end > limit) {
                break;
            }
            for (RawChangeRecord change : decoder.decode(entries.get(i).mutation(), segment.id(), end)) {
                changes.add(change);
                newest = Math.max(newest, change.writeTimeMicros());
            }
            handedOn = end;
            if (++entriesInChunk == CHUNK) {
                String refused = send(changes, newest);
                if (refused != null) {
                    return refused;
                }
                advance.accept(handedOn);
                changes.clear();
                entriesInChunk = 0;
                newest = 0;
            }
        }
        if (entriesInChunk > 0) {
            String refused = send(changes, newest);
            if (refused != null) {
                return refused;
            }
        }
        int quarantinedUpTo = nextUnreadable > 0 ? unreadable.get(nextUnreadable - 1).endOffset() : -1;
        int reached = Math.max(handedOn, quarantinedUpTo);
        if (reached >= 0) {
            advance.accept(reached);
        }
        return null;
    }

    /** Tables of unreadable mutations that the schema, reloaded after they were read, still lacks: dropped. */
    private void droppedTables(List<UnreadableEntry> unreadable) {
        for (UnreadableEntry entry : unreadable) {
            if (entry.tableId() != null && !schema.knows(entry.tableId()) && hold.giveUp(entry.tableId())) {
                dropped.add(entry.tableId());
                LOG.warn("The table with id {} is not in the node's schema read after its mutations were written: it "
                        + "was dropped. Its changes still in cdc_raw are not published; their bytes are kept in {}.",
                        entry.tableId(), quarantine.mutationsFile());
            }
        }
    }

    private void quarantine(CdcSegment segment, UnreadableEntry entry) {
        quarantine.addUnreadable(segment.id(), entry);
        if (entry.tableId() != null && dropped.contains(entry.tableId())) {
            metrics.droppedTable(1); // not a fault of the publisher's: its health stays as it was
            LOG.debug("Segment {}: the mutation ending at offset {} of dropped table {} kept aside", segment.id(),
                    entry.endOffset(), entry.tableId());
            return;
        }
        metrics.unreadable(1);
        metrics.quarantined(1);
        LOG.error("Segment {}: the mutation ending at offset {} still cannot be read ({}); its bytes are kept in {} "
                + "and the publisher goes on without it.", segment.id(), entry.endOffset(), entry.reason(),
                quarantine.mutationsFile());
    }

    /** Sends a chunk; null once Kafka acknowledged it, else why not (after a growing pause). */
    private String send(List<RawChangeRecord> changes, long newest) {
        if (changes.isEmpty()) {
            return null;
        }
        try {
            kafka.publish(changes);
        } catch (Exception e) {
            metrics.publishFailed();
            kafka.reset();
            Optional<String> refused = KafkaConnectionErrors.explain("cdc-publisher", kafka.bootstrapServers(), e);
            if (refused.isPresent()) {
                // a wrong password or an untrusted certificate: sooner tries change nothing; it must be seen
                metrics.kafkaRefused(refused.get());
                kafkaBackoffMs = MAX_BACKOFF_MS;
                LOG.error("{} Keeping the position, {} bytes waiting; retrying in {} s.", refused.get(),
                        metrics.getBacklogBytes(), kafkaBackoffMs / 1000);
                pause(kafkaBackoffMs);
                return refused.get();
            }
            kafkaBackoffMs = kafkaBackoffMs == 0 ? 500 : Math.min(MAX_BACKOFF_MS, kafkaBackoffMs * 2);
            String why = "cdc-publisher: Kafka at " + kafka.bootstrapServers() + " did not acknowledge "
                    + changes.size() + " changes (" + rootMessage(e) + ")";
            LOG.warn("{}; keeping the position, {} bytes waiting; retrying in {} ms", why, metrics.getBacklogBytes(),
                    kafkaBackoffMs);
            pause(kafkaBackoffMs);
            return why;
        }
        kafkaBackoffMs = 0;
        metrics.published(changes.size(), newest);
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
