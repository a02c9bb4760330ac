package io.ckbridge.materializer.state;

/**
 * The keys of the row store, built and taken apart only here. They sort so that a partition's
 * entries are contiguous: {@code <keyspace>.<table>|<partition key JSON>|} (the partition's
 * prefix), then {@code P} (its deletions), {@code S} (its static row) or {@code R<clustering JSON>}
 * (a row). Beside them, {@code #table|<keyspace>.<table>} holds the id of the table the entries
 * belong to ('#' sorts apart from every table's entries).
 */
public final class StateKeys {
    private static final char SEPARATOR = '|';
    private static final String DELETIONS = "P";
    private static final String STATIC_ROW = "S";
    private static final String ROW = "R";
    private static final String TABLE_ID = "#table|";

    private StateKeys() {
    }

    /** Where the id of the table whose entries the store holds is kept. */
    public static String tableId(String qualifiedTable) {
        return TABLE_ID + qualifiedTable;
    }

    /** The prefix of every entry of a table. */
    public static String tablePrefix(String qualifiedTable) {
        return qualifiedTable + SEPARATOR;
    }

    /** The prefix of every entry of one partition. */
    public static String partitionPrefix(String qualifiedTable, String keyText) {
        return tablePrefix(qualifiedTable) + keyText + SEPARATOR;
    }

    /** The partition's deletions ({@link PartitionState}). */
    public static String deletions(String partitionPrefix) {
        return partitionPrefix + DELETIONS;
    }

    /** The partition's static row. */
    public static String staticRow(String partitionPrefix) {
        return partitionPrefix + STATIC_ROW;
    }

    /** The prefix of the partition's regular rows. */
    public static String rows(String partitionPrefix) {
        return partitionPrefix + ROW;
    }

    /** A regular row of the partition. */
    public static String row(String partitionPrefix, Object clustering) {
        return rows(partitionPrefix) + clustering;
    }

    public static boolean isDeletions(String key) {
        return key.endsWith(SEPARATOR + DELETIONS);
    }

    public static boolean isStaticRow(String partitionPrefix, String key) {
        return key.equals(staticRow(partitionPrefix));
    }

    /** The {@code keyspace.table} of a partition prefix. */
    public static String qualifiedTable(String partitionPrefix) {
        return partitionPrefix.substring(0, partitionPrefix.indexOf(SEPARATOR));
    }

    /** The partition key JSON of a partition prefix. */
    public static String partitionKeyText(String partitionPrefix) {
        return partitionPrefix.substring(partitionPrefix.indexOf(SEPARATOR) + 1, partitionPrefix.length() - 1);
    }
}
