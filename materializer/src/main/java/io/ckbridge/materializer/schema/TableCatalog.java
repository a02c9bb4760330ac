package io.ckbridge.materializer.schema;

import java.util.Optional;

/** The schemas of the tables whose changes are materialized. */
public interface TableCatalog {
    Optional<TableInfo> table(String keyspace, String table);

    /** Reads the schema again (a column or table was missing); implementations limit how often. */
    void refresh();
}
