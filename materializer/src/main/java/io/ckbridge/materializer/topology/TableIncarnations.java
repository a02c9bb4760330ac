package io.ckbridge.materializer.topology;

import io.ckbridge.materializer.state.RowStore;
import io.ckbridge.materializer.state.StateKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which incarnation of each table the row state holds. A table dropped and created again under
 * the same name gets a new id from Cassandra and starts empty; the state of the old one must not
 * become the {@code before} of the new one's first writes. The id each table's state belongs to
 * is kept in the rows store itself ({@link StateKeys#tableId}, sorting apart from rows).
 */
final class TableIncarnations {
    private static final Logger LOG = LoggerFactory.getLogger(TableIncarnations.class);

    enum Verdict {
        /** The change belongs to the table the state holds (or to the first one seen). */
        CURRENT,
        /** A newer table of that name: the old one's rows were forgotten, the change applies to an empty table. */
        RECREATED,
        /** The change belongs to a table since dropped and created again: it has nothing to apply to. */
        DROPPED
    }

    private final RowStore rows;
    private final Map<String, String> idByTable = new HashMap<>();

    TableIncarnations(RowStore rows) {
        this.rows = rows;
    }

    /** Where a change of {@code qualifiedTable} with id {@code tableId} (null: unknown, taken as current) belongs. */
    Verdict check(String qualifiedTable, String tableId) {
        if (tableId == null) {
            return Verdict.CURRENT;
        }
        String held = idByTable.computeIfAbsent(qualifiedTable, this::storedId);
        if (tableId.equals(held)) {
            return Verdict.CURRENT;
        }
        if (held != null && !isNewer(tableId, held)) {
            return Verdict.DROPPED;
        }
        if (held != null) {
            int forgotten = forgetRows(qualifiedTable);
            LOG.info(
                    "{} was dropped and created again (table id {} -> {}): forgot the {} state entries of the old "
                    + "table", qualifiedTable, held, tableId, forgotten);
        }
        rows.put(StateKeys.tableId(qualifiedTable), tableId.getBytes(StandardCharsets.UTF_8));
        idByTable.put(qualifiedTable, tableId);
        return held == null ? Verdict.CURRENT : Verdict.RECREATED;
    }

    private String storedId(String qualifiedTable) {
        byte[] id = rows.get(StateKeys.tableId(qualifiedTable));
        return id == null ? null : new String(id, StandardCharsets.UTF_8);
    }

    private int forgetRows(String qualifiedTable) {
        Set<String> keys = rows.withPrefix(StateKeys.tablePrefix(qualifiedTable)).keySet();
        keys.forEach(rows::delete);
        return keys.size();
    }

    /**
     * Cassandra makes table ids from time-based UUIDs: the later one is the newer table. Ids that
     * cannot be ordered (not time-based) count as newer: a different id is most likely a new table.
     */
    static boolean isNewer(String candidate, String than) {
        try {
            UUID a = UUID.fromString(candidate);
            UUID b = UUID.fromString(than);
            if (a.version() == 1 && b.version() == 1) {
                return a.timestamp() > b.timestamp();
            }
            return true;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
