package io.ckbridge.source.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.ckbridge.source.route.TableRoute;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class BulkReaderTest {
    /** A stand-in for a driver interface: the named methods answer, any other fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                switch (method.getName()) {
                    case "toString":
                        return type.getSimpleName();
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        break;
                }
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return answer.apply(args);
        });
    }

    private static ColumnMetadata column(String name, DataType type) {
        return fake(ColumnMetadata.class, Map.of("getName", args -> CqlIdentifier.fromInternal(name), "getType",
                args -> type));
    }

    /** The table {@code shop.items (id int PRIMARY KEY, v text)}. */
    private static ResolvedRoute route() {
        ColumnMetadata id = column("id", DataTypes.INT);
        ColumnMetadata v = column("v", DataTypes.TEXT);
        TableMetadata table = fake(TableMetadata.class, Map.of("getKeyspace", args -> CqlIdentifier.fromInternal(
                "shop"), "getName", args -> CqlIdentifier.fromInternal("items"), "getPartitionKey",
                args -> List.of(id)));
        TableRoute route = new TableRoute("shop", "items", "items", List.of(), List.of(), Optional.empty(),
                TableRoute.ReadMode.BULK, false, "test");
        return new ResolvedRoute(route, table, List.of(id), List.of(id, v), Optional.empty(), TableRoute.ReadMode.BULK);
    }

    /** Rows id, v, token(id), with token = id. */
    private static Row row(int id) {
        Object[] values = {id, "v" + id, (long) id};
        return fake(Row.class, Map.of("isNull", args -> values[(int) args[0]] == null, "getObject",
                args -> values[(int) args[0]], "getLong", args -> (long) values[(int) args[0]]));
    }

    private static ByteBuffer state(int page) {
        return ByteBuffer.wrap(("after-page-" + page).getBytes(StandardCharsets.UTF_8));
    }

    /** A slice in three pages; the second fails the first time it is asked for. */
    private static final class PagedSlice {
        final List<List<Integer>> pages = List.of(List.of(1, 2), List.of(3, 4), List.of(5));
        final List<String> queries = new ArrayList<>();
        boolean secondFailed;

        CompletableFuture<AsyncResultSet> page(ByteBuffer pagingState) {
            int page = 0;
            while (pagingState != null && !state(page).equals(pagingState)) {
                page++;
            }
            page = pagingState == null ? 0 : page + 1;
            if (page == 1 && !secondFailed) {
                secondFailed = true;
                return CompletableFuture.failedFuture(new ReadTimeoutException(null, ConsistencyLevel.ONE, 0, 1,
                        false));
            }
            int number = page;
            List<Row> rows = pages.get(page).stream().map(BulkReaderTest::row).toList();
            boolean more = page < pages.size() - 1;
            ExecutionInfo info = fake(ExecutionInfo.class, Map.of("getPagingState", args -> more ? state(number)
                    : null));
            return CompletableFuture.completedFuture(fake(AsyncResultSet.class, Map.of("hasMorePages", args -> more,
                    "fetchNextPage", args -> page(state(number)), "getExecutionInfo", args -> info, "remaining",
                    args -> rows.size(), "currentPage", args -> rows)));
        }

        CqlSession session() {
            PreparedStatement prepared = fake(PreparedStatement.class, Map.of("bind", args -> bound(
                    (Object[]) args[0], new HashMap<>())));
            return fake(CqlSession.class, Map.of("prepare", args -> prepared, "executeAsync", args -> {
                BoundStatement statement = (BoundStatement) args[0];
                ByteBuffer pagingState = statement.getPagingState();
                queries.add("after " + statement.getLong(0) + (pagingState == null ? ""
                        : " from " + StandardCharsets.UTF_8.decode(pagingState.duplicate())));
                return page(pagingState);
            }));
        }

        private BoundStatement bound(Object[] values, Map<String, Object> settings) {
            Map<String, Function<Object[], Object>> answers = new HashMap<>();
            answers.put("getLong", args -> values[(int) args[0]]);
            answers.put("getPagingState", args -> settings.get("pagingState"));
            answers.put("setPageSize", args -> bound(values, with(settings, "pageSize", args[0])));
            answers.put("setConsistencyLevel", args -> bound(values, with(settings, "consistency", args[0])));
            answers.put("setPagingState", args -> bound(values, with(settings, "pagingState", args[0])));
            return fake(BoundStatement.class, answers);
        }

        private static Map<String, Object> with(Map<String, Object> settings, String key, Object value) {
            Map<String, Object> copy = new HashMap<>(settings);
            copy.put(key, value);
            return copy;
        }
    }

    @Test
    void aPageThatFailsIsAskedForAgainFromThePageBeforeItNotFromTheSlicesStart() {
        PagedSlice slice = new PagedSlice();
        TokenSplit split = new TokenSplit(Long.MIN_VALUE, Long.MAX_VALUE);
        BulkReader reader = new BulkReader(slice.session(), route(), List.of(split), new HashMap<>(), 0, 2,
                ConsistencyLevel.ONE, Clock.systemUTC());

        List<SourceRecord> records = new ArrayList<>(reader.read());
        assertThatThrownBy(reader::read).isInstanceOf(ReadTimeoutException.class);
        records.addAll(reader.read());
        records.addAll(reader.read());

        assertThat(records).extracting(record -> ((Struct) record.key()).getInt32("id")).containsExactly(1, 2, 3, 4, 5);
        assertThat(slice.queries).containsExactly("after " + Long.MIN_VALUE,
                "after " + Long.MIN_VALUE + " from after-page-0");
        assertThat(records.get(records.size() - 1).sourceOffset().get(BulkReader.DONE)).isEqualTo(true);
        assertThat(records.get(3).sourceOffset().get(BulkReader.AFTER)).as("after the partitions fully sent")
                .isEqualTo(3L);
        assertThat(reader.read()).isEmpty();
    }

    @Test
    void aRerouteDropsThePageFetchedAheadAndGoesOnAfterTheLastPartitionFullySent() {
        PagedSlice slice = new PagedSlice();
        slice.secondFailed = true;
        TokenSplit split = new TokenSplit(Long.MIN_VALUE, Long.MAX_VALUE);
        BulkReader reader = new BulkReader(slice.session(), route(), List.of(split), new HashMap<>(), 0, 2,
                ConsistencyLevel.ONE, Clock.systemUTC());

        assertThat(reader.read()).hasSize(2);
        ResolvedRoute changed = route();
        reader.reroute(changed);
        reader.read();

        assertThat(reader.route()).isSameAs(changed);
        assertThat(slice.queries).as("the page fetched ahead (old columns) is not used: the slice is asked again "
                + "after id 1, the partition of id 2 maybe cut").containsExactly("after " + Long.MIN_VALUE, "after 1");
    }
}
