package io.ckbridge.materializer.schema;

import java.util.Optional;

/** The schemas of the tables whose changes are materialized. */
public interface TableCatalog {
    Optional<TableInfo> table(String keyspace, String table);

    /**
     * How many replicas hold each write of the keyspace's tables (its replication factor, at most
     * the nodes there are), or 0 when unknown.
     */
    default int replicas(String keyspace) {
        return 0;
    }

    /** Reads the schema again (a column or table was missing); implementations limit how often. */
    void refresh();
}
