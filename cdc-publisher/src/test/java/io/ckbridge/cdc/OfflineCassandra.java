package io.ckbridge.cdc;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.cql3.BatchQueryOptions;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.cql3.statements.schema.AlterSchemaStatement;
import org.apache.cassandra.db.ConsistencyLevel;
import org.apache.cassandra.db.IMutation;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.Tables;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.transport.Dispatcher;

/**
 * Cassandra's own schema and CQL machinery in the test JVM, without a node: tables are created
 * with CQL into {@link Schema#instance} (where the commit-log reader looks them up), and a write
 * statement becomes the {@link Mutation} a node would log for it.
 */
public final class OfflineCassandra {
    private static boolean initialised;

    private OfflineCassandra() {
    }

    /** Tool initialisation, as the publisher does it, once per JVM. */
    public static synchronized void initialise() {
        if (!initialised) {
            System.setProperty("cassandra.config", "cassandra-unit-tests.yaml");
            DatabaseDescriptor.toolInitialization();
            initialised = true;
        }
    }

    /** Creates the keyspace if needed, then applies CREATE TYPE / CREATE TABLE / ALTER TABLE statements to it. */
    public static void schema(String keyspace, String... statements) {
        initialise();
        Schema.instance.transform(current -> current.getNullable(keyspace) != null ? current
                : current.withAddedOrUpdated(KeyspaceMetadata.create(keyspace, KeyspaceParams.simple(1))));
        for (String statement : statements) {
            Schema.instance.transform((AlterSchemaStatement) QueryProcessor.parseStatement(statement)
                    .prepare(ClientState.forInternalCalls(keyspace)));
        }
    }

    /** Takes a table out of the schema without a trace, as if it were never loaded. */
    public static void forgetTable(String keyspace, String table) {
        changeTables(keyspace, tables -> tables.without(table));
    }

    /** Puts another definition of an existing table (same id) in the schema, as an outdated schema would have it. */
    public static void replaceTable(TableMetadata table) {
        changeTables(table.keyspace, tables -> tables.withSwapped(table));
    }

    private static void changeTables(String keyspace, UnaryOperator<Tables> change) {
        Schema.instance.transform(current -> {
            KeyspaceMetadata metadata = current.getNullable(keyspace);
            return current.withAddedOrUpdated(metadata.withSwapped(change.apply(metadata.tables)));
        });
    }

    /**
     * The mutation a node logs for one INSERT, UPDATE or DELETE on a table of {@code keyspace},
     * written at {@code timestampMicros} (unless the statement says USING TIMESTAMP) and
     * {@code nowInSeconds} (which TTLs count from). Not for what a node first reads for: counters,
     * setting a list element by index.
     */
    public static Mutation mutation(String keyspace, String statement, long timestampMicros, long nowInSeconds) {
        initialise();
        // a batch, because a single statement's getMutations is private
        ClientState client = ClientState.forInternalCalls(keyspace);
        BatchStatement.Parsed parsed = (BatchStatement.Parsed) QueryProcessor.parseStatement(
                "BEGIN UNLOGGED BATCH " + statement + "; APPLY BATCH");
        parsed.setKeyspace(client);
        BatchStatement batch = parsed.prepare(client);
        QueryOptions options = QueryOptions.forInternalCalls(ConsistencyLevel.ONE, List.of());
        List<? extends IMutation> mutations = batch.getMutations(client,
                BatchQueryOptions.withoutPerStatementVariables(options), false, timestampMicros, nowInSeconds,
                new Dispatcher.RequestTime(System.nanoTime()));
        if (mutations.size() != 1) {
            throw new IllegalArgumentException(statement + " makes " + mutations.size() + " mutations, not one");
        }
        return (Mutation) mutations.get(0);
    }
}
