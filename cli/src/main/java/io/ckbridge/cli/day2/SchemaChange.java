package io.ckbridge.cli.day2;

import java.time.Duration;
import java.util.List;

/**
 * Columns added and dropped on the loaded tables, the way a migration goes: {@code ADD label},
 * the writers fill it; the writers stop writing {@code origin}, then {@code DROP origin}. On the
 * CDC table the change events and the source's records must carry the new column without a
 * restart; on the sink's table the connector's mapping is updated as a person would (a new
 * config, its tasks restart) and the exactly-once counts hold across it.
 */
final class SchemaChange implements Scenario {
    private static final String EVENTS = Workload.KEYSPACE + "." + TableWriter.TABLE;
    private static final String SINK_TABLE = Workload.KEYSPACE + "." + SinkLoad.TABLE;

    @Override
    public String name() {
        return "schema-change";
    }

    @Override
    public String description() {
        return "ALTER TABLE ... ADD and DROP of columns on the loaded CDC and sink tables";
    }

    @Override
    public void run(ScenarioContext context) throws Exception {
        Workload workload = context.workload();
        Duration between = Duration.ofSeconds(Math.max(5, context.settings().seconds() / 4));

        context.step("ALTER TABLE " + EVENTS + " ADD label text; the writer fills it");
        workload.session().execute("ALTER TABLE " + EVENTS + " ADD label text");
        workload.writer().columns(List.of("origin", "label"));
        context.step("ALTER TABLE " + SINK_TABLE + " ADD label text; the sink maps it, the producer sends it");
        workload.session().execute("ALTER TABLE " + SINK_TABLE + " ADD label text");
        workload.sinkColumns(List.of("origin", "label"));
        workload.sink().label();
        context.awaitHealthy("the sink's new mapping");
        context.hold(between);

        context.step("the writer and the producer stop writing origin; the sink's mapping drops it");
        workload.writer().columns(List.of("label"));
        workload.sink().dropOrigin();
        workload.sinkColumns(List.of("label"));
        context.awaitHealthy("the sink's mapping without origin");
        // writes of the old shape still in flight or retried
        context.hold(Duration.ofSeconds(2));
        context.step("ALTER TABLE " + EVENTS + " DROP origin; ALTER TABLE " + SINK_TABLE + " DROP origin");
        workload.session().execute("ALTER TABLE " + EVENTS + " DROP origin");
        workload.session().execute("ALTER TABLE " + SINK_TABLE + " DROP origin");
        context.hold(between);
    }

    @Override
    public List<Check> afterwards(ScenarioContext context, List<FindingsWatch.Episode> findings) {
        Workload workload = context.workload();
        return List.of(
                columnsCheck("change events", workload.changes()),
                columnsCheck("source records", workload.source()));
    }

    /** Records before the ADD carry origin only, after it label too, after the DROP label alone. */
    private static Check columnsCheck(String what, TopicArrivals arrivals) {
        boolean before = arrivals.sawColumns(List.of("id", "origin", "written"));
        boolean both = arrivals.sawColumns(List.of("id", "label", "origin", "written"));
        boolean after = arrivals.sawColumns(List.of("id", "label", "written"));
        return new Check(what + " carried [origin] before the ADD (" + yes(before) + "), [origin, label] after it ("
                + yes(both) + ") and [label] after the DROP (" + yes(after) + ")", before && both && after);
    }

    private static String yes(boolean seen) {
        return seen ? "seen" : "not seen";
    }
}
