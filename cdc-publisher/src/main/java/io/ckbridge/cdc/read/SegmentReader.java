package io.ckbridge.cdc.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.commitlog.CommitLogDescriptor;
import org.apache.cassandra.db.commitlog.CommitLogPosition;
import org.apache.cassandra.db.commitlog.CommitLogReadHandler;
import org.apache.cassandra.db.commitlog.CommitLogReader;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableId;

/**
 * Reads the mutations of one segment between two offsets with Cassandra's own
 * {@link CommitLogReader}. Only the part the index file declares durable is taken; anything past
 * it is read again later. Mutations the reader could not decode — an unknown table (which it
 * skips silently) or an unknown column — are reported, so the caller can reload the schema and
 * read the range again instead of losing them.
 */
public final class SegmentReader {

    /** A mutation and the offset where its entry ends in the segment. */
    public record Entry(Mutation mutation, int endOffset) {
    }

    /**
     * What a read found.
     *
     * @param unknownTables mutations skipped per table id the schema lacks
     * @param undecodable   mutations that failed to deserialize (e.g. a column the schema lacks)
     */
    public record Result(List<Entry> entries, Map<TableId, Integer> unknownTables, List<String> undecodable) {
        public boolean complete() {
            return unknownTables.isEmpty() && undecodable.isEmpty();
        }
    }

    public Result read(CdcSegment segment, int fromOffset, int toOffset) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> undecodable = new ArrayList<>();
        CommitLogReader reader = new CommitLogReader();
        CommitLogReadHandler handler = new CommitLogReadHandler() {
            @Override
            public boolean shouldSkipSegmentOnError(CommitLogReadException exception) {
                // Past the durable offset the file may hold a section still being written: stop there.
                return true;
            }

            @Override
            public void handleUnrecoverableError(CommitLogReadException exception) {
                if (exception.reason == CommitLogReadErrorReason.MUTATION_ERROR) {
                    undecodable.add(exception.getMessage());
                }
            }

            @Override
            public void handleMutation(Mutation mutation, int size, int entryLocation, CommitLogDescriptor descriptor) {
                if (entryLocation <= toOffset) {
                    entries.add(new Entry(mutation, entryLocation));
                }
            }
        };
        reader.readCommitLogSegment(handler, new File(segment.log().toFile()),
                new CommitLogPosition(segment.id(), fromOffset),
                CommitLogReader.ALL_MUTATIONS, true);
        Map<TableId, Integer> unknown = new java.util.HashMap<>();
        for (Map.Entry<TableId, AtomicInteger> skipped : reader.getInvalidMutations()) {
            unknown.put(skipped.getKey(), skipped.getValue().get());
        }
        return new Result(entries, unknown, undecodable);
    }
}
