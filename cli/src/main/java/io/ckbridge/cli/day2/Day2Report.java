package io.ckbridge.cli.day2;

import java.io.PrintWriter;
import java.util.List;

/** What a rehearsal did and found: its steps, each path's figures, the findings ops raised, the checks. */
public record Day2Report(String scenario, int nodes, Day2Settings settings, long elapsedMs, List<Timeline.Step> steps,
        List<PathReport> paths, List<FindingsWatch.Episode> findings, String opsUnreachable, List<Check> checks,
        List<String> notes) {

    public long lost() {
        return paths.stream().mapToLong(PathReport::lost).sum();
    }

    /** Nothing lost on any path and every check holds. */
    public boolean passed() {
        return lost() == 0 && checks.stream().allMatch(Check::holds);
    }

    public void print(PrintWriter out) {
        out.printf("%nDay-2 rehearsal %s: %d node(s), %d records/s on each path, %s in all%n", scenario, nodes,
                settings.rate(), Timeline.clock(elapsedMs).substring(1));
        out.println();
        out.println("Steps");
        steps.forEach(step -> out.printf("  %s  %s%n", Timeline.clock(step.atMs()), step.what()));
        out.println();
        out.printf("%-8s %10s %10s %8s %11s %14s %10s%n", "Path", "written", "delivered", "lost", "duplicated",
                "longest delay", "p99 delay");
        for (PathReport path : paths) {
            out.printf("%-8s %,10d %,10d %,8d %,11d %14s %10s%n", path.name(), path.written(), path.delivered(),
                    path.lost(), path.duplicated(), seconds(path.longestDelayMs()), seconds(path.p99DelayMs()));
        }
        for (PathReport path : paths) {
            out.printf("  %s: %s%n", path.name(), path.route());
            path.notes().forEach(note -> out.println("    " + note));
        }
        out.println();
        out.println("Findings raised by ops during the rehearsal");
        List<FindingsWatch.Episode> raised = findings.stream().filter(episode -> !episode.before()).toList();
        if (raised.isEmpty()) {
            out.println("  none");
        }
        for (FindingsWatch.Episode episode : raised) {
            out.printf("  %s → %-7s %-8s %s: %s%n", Timeline.clock(episode.raisedMs()),
                    episode.clearedMs() == null ? "holds" : Timeline.clock(episode.clearedMs()), episode.severity(),
                    episode.rule(), episode.summary());
        }
        long before = findings.stream().filter(FindingsWatch.Episode::before).count();
        if (before > 0) {
            out.println("  (" + before + " finding(s) held before it began; not listed)");
        }
        if (opsUnreachable != null) {
            out.println("  the ops server did not always answer: " + opsUnreachable);
        }
        if (!checks.isEmpty() || !notes.isEmpty()) {
            out.println();
            out.println("Checks");
            checks.forEach(check -> out.printf("  %s %s%n", check.holds() ? "ok  " : "FAIL", check.what()));
            notes.forEach(note -> out.println("  " + note));
        }
        out.println();
        if (passed()) {
            out.println("Nothing lost; every check holds.");
        } else if (lost() > 0) {
            out.printf("LOST %,d record(s): see the paths above.%n", lost());
        } else {
            out.println("Nothing lost, but a check failed: see Checks.");
        }
        out.flush();
    }

    private static String seconds(long ms) {
        return String.format("%.2f s", ms / 1000.0);
    }
}
