package io.ckbridge.sink.write;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link CqlSession} without a cluster, for writer tests: statements prepare locally, the
 * metadata knows no keyspace and no token map, and each execution is answered by a function
 * that returns the error to fail with (null: the write succeeds).
 */
public final class FakeSession {
    private final List<Statement<?>> executed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ddl = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Statement<?>, Throwable> answer = statement -> null;
    private final CqlSession session = proxy(CqlSession.class, this::session);

    public CqlSession session() {
        return session;
    }

    /** How executions end from now on: the error to fail with, or null for success. */
    public void answer(Function<Statement<?>, Throwable> answer) {
        this.answer = answer;
    }

    /** Every statement executed asynchronously (the writes), in order. */
    public List<Statement<?>> executed() {
        synchronized (executed) {
            return List.copyOf(executed);
        }
    }

    /** Every text executed synchronously (DDL). */
    public List<String> ddl() {
        synchronized (ddl) {
            return List.copyOf(ddl);
        }
    }

    /** A statement's own writes: itself, or the statements of a batch. */
    public static List<BatchableStatement<?>> writesOf(Statement<?> statement) {
        List<BatchableStatement<?>> writes = new ArrayList<>();
        if (statement instanceof BatchStatement batch) {
            batch.forEach(writes::add);
        } else {
            writes.add((BatchableStatement<?>) statement);
        }
        return writes;
    }

    /** The query text a write was prepared from. */
    public static String queryOf(BatchableStatement<?> write) {
        return ((BoundStatement) write).getPreparedStatement().getQuery();
    }

    /** The value bound at a position: encoded bytes for written rows, the Java value for bind(values). */
    public static Object valueOf(BatchableStatement<?> write, int index) {
        if (Proxy.isProxyClass(write.getClass()) && Proxy.getInvocationHandler(write) instanceof Bound bound) {
            return bound.values[index];
        }
        return ((BoundStatement) write).getBytesUnsafe(index);
    }

    private Object session(Object self, Method method, Object[] args) {
        switch (method.getName()) {
            case "getMetadata":
                return proxy(Metadata.class, (proxy, m, a) -> defaultValue(m.getReturnType()));
            case "prepare":
                String query = args[0] instanceof String text ? text
                        : ((com.datastax.oss.driver.api.core.cql.SimpleStatement) args[0]).getQuery();
                return prepared(query);
            case "executeAsync":
                Statement<?> statement = (Statement<?>) args[0];
                executed.add(statement);
                Throwable error = answer.apply(statement);
                return error == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(error);
            case "execute":
                ddl.add(String.valueOf(args[0]));
                return null;
            case "checkSchemaAgreement":
                return true;
            default:
                return objectMethod(self, method, args, "FakeSession");
        }
    }

    private static PreparedStatement prepared(String query) {
        int variables = (int) query.chars().filter(c -> c == '?').count();
        ColumnDefinitions definitions = proxy(ColumnDefinitions.class, (self, method, args) ->
                method.getName().equals("size") ? variables : objectMethod(self, method, args, "definitions"));
        PreparedStatement[] prepared = new PreparedStatement[1];
        prepared[0] = proxy(PreparedStatement.class, (self, method, args) -> switch (method.getName()) {
            case "getQuery" -> query;
            case "getVariableDefinitions" -> definitions;
            case "boundStatementBuilder" -> new BoundStatementBuilder(prepared[0], definitions,
                    new ByteBuffer[variables], null, null, null, null, null, Map.of(), null, false, Long.MIN_VALUE,
                    null, -1, null, null, null, CodecRegistry.DEFAULT, DefaultProtocolVersion.V5);
            case "bind" -> proxy(BoundStatement.class, new Bound(prepared[0], (Object[]) args[0]));
            default -> objectMethod(self, method, args, query);
        });
        return prepared[0];
    }

    /** A statement bound with Java values (the offset store's): keeps them; its setters return itself. */
    private record Bound(PreparedStatement prepared, Object[] values) implements InvocationHandler {
        @Override
        public Object invoke(Object self, Method method, Object[] args) {
            if (method.getName().equals("getPreparedStatement")) {
                return prepared;
            }
            if (method.getReturnType().isInstance(self)) {
                return self;
            }
            return objectMethod(self, method, args, prepared.getQuery() + " " + List.of(values));
        }
    }

    private static Object objectMethod(Object self, Method method, Object[] args, String name) {
        return switch (method.getName()) {
            case "toString" -> name;
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            default -> defaultValue(method.getReturnType());
        };
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return type == long.class ? 0L : type == int.class ? 0 : type == short.class ? (short) 0 : (byte) 0;
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == Map.class) {
            return Map.of();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeSession.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
