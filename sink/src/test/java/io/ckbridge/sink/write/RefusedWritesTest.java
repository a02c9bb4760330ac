package io.ckbridge.sink.write;

import static io.ckbridge.sink.mapping.TestTables.table;
import static io.ckbridge.sink.write.WriteFailureTest.writeFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.sink.mapping.RecordMapper;
import io.ckbridge.sink.mapping.RecordView;
import io.ckbridge.sink.mapping.RowWrite;
import io.ckbridge.sink.mapping.TableMapping;
import io.ckbridge.sink.mapping.TestTables;
import io.ckbridge.sink.offsets.OffsetStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A row Cassandra refuses for good is reported as a bad record at once, without retries, while
 * the other rows of its batch are written; transient failures are retried. Both writers, on a
 * session whose answers the test chooses.
 */
class RefusedWritesTest {
    private static final TableMapping EVENTS = TestTables.mapping(table("ks", "events")
            .partitionKey("id", DataTypes.BIGINT).column("kind", DataTypes.TEXT).build(), null);
    private static final RecordMapper MAPPER = new RecordMapper(DefaultProtocolVersion.V5, false);
    private static final Backoff BACKOFF = new Backoff(1, 5, 5_000);
    private static final BatchLimits LIMITS = new BatchLimits(100, 40_000);
    private static final long POISON = 3;

    private final FakeSession cassandra = new FakeSession();
    private final Outcomes outcomes = new Outcomes();
    private RowWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    /** Records at offsets 0..4 of topic-0 with ids 1..5: id 3 is the one Cassandra refuses. */
    private static List<RecordWrite> records() {
        List<RecordWrite> records = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            SinkRecord record = new SinkRecord("topic", 0, null, null, null, Map.of("id", id, "kind", "k"), id - 1);
            RowWrite row = MAPPER.map(new RecordView(record), EVENTS);
            records.add(new RecordWrite(record, List.of(row)));
        }
        return records;
    }

    /** Ids of the event rows a statement writes. */
    private static List<Long> idsIn(Statement<?> statement) {
        List<Long> ids = new ArrayList<>();
        for (BatchableStatement<?> write : FakeSession.writesOf(statement)) {
            if (FakeSession.queryOf(write).contains("ks.events")) {
                ids.add(((ByteBuffer) FakeSession.valueOf(write, 0)).getLong(0));
            }
        }
        return ids;
    }

    /** Next offsets stored by a statement (exactly-once), empty when it stores none. */
    private static List<Long> offsetsIn(Statement<?> statement) {
        List<Long> offsets = new ArrayList<>();
        for (BatchableStatement<?> write : FakeSession.writesOf(statement)) {
            if (FakeSession.queryOf(write).contains("next_offset = ?")) {
                offsets.add((Long) FakeSession.valueOf(write, 1));
            }
        }
        return offsets;
    }

    private StatementCache statements() {
        return new StatementCache(cassandra.session(), ConsistencyLevel.LOCAL_QUORUM, Duration.ofSeconds(1));
    }

    private RowWriter atLeastOnceWriter() {
        return new AtLeastOnceWriter(cassandra.session(), statements(), LIMITS, BACKOFF, 8, outcomes);
    }

    private RowWriter exactlyOnceWriter() {
        OffsetStore offsets = new OffsetStore(cassandra.session(), "ks", "offsets", "c",
                ConsistencyLevel.LOCAL_QUORUM, Duration.ofSeconds(1));
        offsets.open();
        return new ExactlyOnceWriter(cassandra.session(), statements(), LIMITS, BACKOFF, 8, outcomes, offsets,
                ConsistencyLevel.LOCAL_QUORUM, Duration.ofMillis(50));
    }

    private void write(List<RecordWrite> records) throws InterruptedException {
        records.forEach(writer::add);
        assertThat(writer.flush(Duration.ofSeconds(5))).as("every request submitted").isEmpty();
        assertThat(writer.awaitIdle(Duration.ofSeconds(10))).as("every request finished").isTrue();
    }

    static Stream<Throwable> refusals() {
        return Stream.of(writeFailure(DefaultWriteType.UNLOGGED_BATCH, 0),
                new ServerError(null, "java.lang.AssertionError: boom"),
                new InvalidQueryException(null, "Key length of 70000 is longer than maximum of 65535"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void atLeastOnceSetsAsideOnlyTheRefusedRowAndWritesTheRestOfItsBatch(Throwable refusal) throws Exception {
        writer = atLeastOnceWriter();
        cassandra.answer(statement -> idsIn(statement).contains(POISON) ? refusal : null);

        write(records());

        assertThat(outcomes.refused).containsExactly(2L);
        assertThat(outcomes.errors).containsExactly(refusal);
        assertThat(outcomes.written).containsExactlyInAnyOrder(0L, 1L, 3L, 4L);
        assertThat(outcomes.fatal).isEmpty();
        List<List<Long>> requests = cassandra.executed().stream().map(RefusedWritesTest::idsIn).toList();
        assertThat(requests.get(0)).as("first one batch").containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(requests.subList(1, requests.size())).as("then row by row, the refused one not retried")
                .containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L));
    }

    @Test
    void withoutToleranceTheRefusedRecordIsNeitherWrittenNorRetried() throws Exception {
        outcomes.tolerate = false;
        writer = atLeastOnceWriter();
        cassandra.answer(statement -> idsIn(statement).contains(POISON)
                ? writeFailure(DefaultWriteType.SIMPLE, 0) : null);

        write(records());

        assertThat(outcomes.refused).as("reported once: the task fails from there").containsExactly(2L);
        assertThat(outcomes.written).doesNotContain(2L);
        assertThat(cassandra.executed().stream().filter(s -> idsIn(s).equals(List.of(POISON)))).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedUntilTheyPass() throws Exception {
        writer = atLeastOnceWriter();
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> passing = List.of(new UnavailableException(null, ConsistencyLevel.LOCAL_QUORUM, 2, 1),
                writeFailure(DefaultWriteType.UNLOGGED_BATCH, 3)); // 3: the replica's schema is behind
        cassandra.answer(statement -> {
            int call = calls.getAndIncrement();
            return call < passing.size() ? passing.get(call) : null;
        });

        write(records());

        assertThat(outcomes.written).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(outcomes.refused).isEmpty();
        assertThat(cassandra.executed()).as("the same batch three times").hasSize(3)
                .allSatisfy(statement -> assertThat(idsIn(statement)).containsExactly(1L, 2L, 3L, 4L, 5L));
    }

    @Test
    void exactlyOnceStoresTheOffsetPastTheRefusedRecordAndSkipsNothingElse() throws Exception {
        writer = exactlyOnceWriter();
        List<Statement<?>> applied = Collections.synchronizedList(new ArrayList<>());
        cassandra.answer(applying(applied, statement -> idsIn(statement).contains(POISON)
                ? writeFailure(DefaultWriteType.BATCH_LOG, 0) : null));

        write(records());

        assertThat(outcomes.refused).containsExactly(2L);
        assertThat(outcomes.written).containsExactlyInAnyOrder(0L, 1L, 3L, 4L);
        assertThat(outcomes.fatal).isEmpty();
        assertThat(applied.stream().flatMap(s -> idsIn(s).stream())).as("every other row, once")
                .containsExactly(1L, 2L, 4L, 5L);
        assertThat(applied.stream().flatMap(s -> offsetsIn(s).stream()))
                .as("the stored offset moves past each record in turn, the refused one included")
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        for (Statement<?> statement : applied) {
            List<Long> ids = idsIn(statement);
            if (!ids.isEmpty()) {
                assertThat(offsetsIn(statement)).as("a row and its offset in one logged batch")
                        .containsExactly(ids.get(0));
            }
        }
    }

    @Test
    void exactlyOnceRetriesALoggedBatchCassandraReplaysFromItsBatchLog() throws Exception {
        writer = exactlyOnceWriter();
        AtomicInteger batches = new AtomicInteger();
        cassandra.answer(statement -> {
            if (offsetsIn(statement).isEmpty()) {
                return new UnavailableException(null, ConsistencyLevel.LOCAL_QUORUM, 2, 1); // the check: unknown
            }
            return batches.getAndIncrement() == 0 ? writeFailure(DefaultWriteType.BATCH, 0) : null;
        });

        write(records());

        assertThat(outcomes.refused).isEmpty();
        assertThat(outcomes.written).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    }

    /** Records in {@code applied} the statements the answer lets through. */
    private static Function<Statement<?>, Throwable> applying(List<Statement<?>> applied,
            Function<Statement<?>, Throwable> answer) {
        return statement -> {
            Throwable error = answer.apply(statement);
            if (error == null) {
                applied.add(statement);
            }
            return error;
        };
    }

    /** What the writer reported, by record offset. */
    private static final class Outcomes implements WriteOutcome {
        final List<Long> written = Collections.synchronizedList(new ArrayList<>());
        final List<Long> refused = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        final List<String> fatal = Collections.synchronizedList(new ArrayList<>());
        volatile boolean tolerate = true;

        @Override
        public void written(RecordWrite record) {
            written.add(record.offset());
        }

        @Override
        public boolean refused(RecordWrite record, RowWrite row, Throwable error) {
            refused.add(record.offset());
            errors.add(error);
            return tolerate;
        }

        @Override
        public void fatal(String message, Throwable error) {
            fatal.add(message + ": " + error);
        }
    }
}
