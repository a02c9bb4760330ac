package io.ckbridge.cli.day2;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.ckbridge.sandbox.CassandraNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A snapshot of the keyspace on every node, the CDC table truncated, and restored from the
 * snapshot by sstable import ({@code nodetool import}) on every node; the rows and their values
 * checked against what the snapshot held. Writes to that table pause meanwhile (an application
 * restoring a table stops writing to it); the sink's path keeps its load. The change stream
 * shows neither the TRUNCATE nor the import: neither goes through the commit log.
 */
final class BackupRestore implements Scenario {
    private static final String KEYSPACE = Workload.KEYSPACE;
    private static final String TABLE = TableWriter.TABLE;

    @Override
    public String name() {
        return "backup-restore";
    }

    @Override
    public String description() {
        return "a snapshot of keyspace day2, day2.events truncated and restored from it by sstable import";
    }

    @Override
    public void run(ScenarioContext context) throws Exception {
        Workload workload = context.workload();
        List<CassandraNode> nodes = context.sandbox().cassandraNodes();
        context.step("writes to " + KEYSPACE + "." + TABLE + " paused");
        workload.writer().pause();
        // the rows' change events and source records still on their way
        context.hold(context.settings().warmUp());
        String tag = "day2-" + System.currentTimeMillis();
        context.step("nodetool snapshot -t " + tag + " " + KEYSPACE + " on " + nodes.size() + " node(s)");
        for (CassandraNode node : nodes) {
            context.jmx().snapshot(node, tag, KEYSPACE);
        }
        Map<Long, String> snapshot = rows(context);
        context.step("snapshot holds " + snapshot.size() + " rows of " + TABLE + " (read at QUORUM)");
        long changesBefore = workload.changes().records();
        long sourceBefore = workload.source().records();

        context.step("TRUNCATE " + KEYSPACE + "." + TABLE);
        workload.session().execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + "." + TABLE)
                .setConsistencyLevel(ConsistencyLevel.ALL));
        int afterTruncate = rows(context).size();
        context.check("the table was empty after TRUNCATE (" + afterTruncate + " rows)", afterTruncate == 0);

        for (CassandraNode node : nodes) {
            Path directory = snapshotDirectory(node, tag);
            context.step(node.name() + ": nodetool import --copy-data " + KEYSPACE + " " + TABLE + " " + directory);
            List<String> failed = context.jmx().importSstables(node, KEYSPACE, TABLE, directory.toString());
            context.check(node.name() + " imported the snapshot's sstables" + (failed.isEmpty() ? ""
                    : " (failed: " + failed + ")"), failed.isEmpty());
        }
        Map<Long, String> restored = rows(context);
        long differing = snapshot.entrySet().stream()
                .filter(row -> !Objects.equals(restored.get(row.getKey()), row.getValue())).count();
        context.check(String.format("restored %d rows of %d in the snapshot, %d differing, %d not in it",
                restored.size(), snapshot.size(), differing,
                restored.keySet().stream().filter(id -> !snapshot.containsKey(id)).count()),
                restored.equals(snapshot));
        // a moment for anything the truncate or the import might have sent
        context.hold(context.settings().warmUp());
        long changes = workload.changes().records() - changesBefore;
        long source = workload.source().records() - sourceBefore;
        context.note("during TRUNCATE and import the change topic got " + changes + " events and the source topic "
                + source + " records: neither goes through the commit log, so CDC consumers are not told of a "
                + "truncate or a restore, and the source does not send restored rows again (their time is behind "
                + "its offset); tell downstream consumers, or replay from the snapshot");
        context.step("writes to " + TABLE + " resumed");
        workload.writer().resume();
        for (CassandraNode node : nodes) {
            context.jmx().clearSnapshot(node, tag, KEYSPACE);
        }
    }

    /** Every row of the table, read at QUORUM: id → its written and origin. */
    private static Map<Long, String> rows(ScenarioContext context) {
        Map<Long, String> rows = new HashMap<>();
        for (Row row : context.workload().session().execute(SimpleStatement.newInstance(
                "SELECT id, written, origin FROM " + KEYSPACE + "." + TABLE)
                .setConsistencyLevel(ConsistencyLevel.QUORUM))) {
            rows.put(row.getLong(0), row.getInstant(1) + "/" + row.getString(2));
        }
        return rows;
    }

    /** {@code data/<keyspace>/<table>-<id>/snapshots/<tag>}. */
    private static Path snapshotDirectory(CassandraNode node, String tag) throws IOException {
        Path keyspace = node.dataDirectory().resolve(KEYSPACE);
        try (Stream<Path> tables = Files.list(keyspace)) {
            return tables.filter(dir -> dir.getFileName().toString().startsWith(TABLE + "-"))
                    .map(dir -> dir.resolve("snapshots").resolve(tag)).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new Day2Exception(node.name() + ": no snapshot " + tag + " of " + TABLE
                            + " in " + keyspace));
        }
    }
}
