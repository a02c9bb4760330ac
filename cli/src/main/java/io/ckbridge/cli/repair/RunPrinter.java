package io.ckbridge.cli.repair;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How runs and schedules read on a terminal: one line each, a progress bar, a status block. */
final class RunPrinter {
    private static final int BAR_WIDTH = 30;
    private static final int GRID_WIDTH = 64;

    private RunPrinter() {
    }

    /** {@code [#########---------]  12/36 segments, 1 running, 0 failed  33%}. */
    static String bar(JsonNode run) {
        int total = run.path("total").asInt();
        int finished = run.path("done").asInt() + run.path("failed").asInt();
        int filled = total == 0 ? 0 : finished * BAR_WIDTH / total;
        StringBuilder line = new StringBuilder("[").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled))
                .append("] ").append(String.format(Locale.ROOT, "%4d/%d segments", run.path("done").asInt(), total));
        if (run.path("running").asInt() > 0) {
            line.append(", ").append(run.path("running").asInt()).append(" running");
        }
        if (run.path("failed").asInt() > 0) {
            line.append(", ").append(run.path("failed").asInt()).append(" failed");
        }
        if (run.path("postponed").asInt() > 0) {
            line.append(", ").append(run.path("postponed").asInt()).append(" postponed (")
                    .append(run.path("waiting").asText()).append(")");
        }
        line.append(String.format(Locale.ROOT, "  %3d%%", total == 0 ? 0 : finished * 100 / total));
        if (!run.path("state").asText().equals("RUNNING")) {
            line.append("  ").append(run.path("state").asText());
        }
        return line.toString();
    }

    static String summary(JsonNode run) {
        StringBuilder line = new StringBuilder(run.path("keyspace").asText());
        if (run.path("tables").size() > 0) {
            line.append(" ").append(join(run.path("tables")));
        }
        line.append(", ").append(run.path("total").asInt()).append(" segments (")
                .append(run.path("segmentsPerNode").asInt()).append(" per node), intensity ")
                .append(run.path("intensity").asDouble()).append(", ").append(run.path("parallelism").asText());
        if (run.path("incremental").asBoolean()) {
            line.append(", incremental");
        }
        return line.toString();
    }

    static void list(PrintWriter out, JsonNode all) {
        JsonNode runs = all.path("runs");
        if (runs.isEmpty()) {
            out.println("No repair runs.");
        } else {
            out.printf("%-36s  %-20s  %-8s  %-9s  %-20s  %s%n", "RUN", "KEYSPACE", "STATE", "SEGMENTS", "CREATED",
                    "CAUSE");
            for (JsonNode run : runs) {
                out.printf("%-36s  %-20s  %-8s  %-9s  %-20s  %s%n", run.path("id").asText(),
                        run.path("keyspace").asText() + (run.path("tables").size() > 0 ? " "
                                + join(run.path("tables")) : ""),
                        run.path("state").asText(), run.path("done").asInt() + "/" + run.path("total").asInt(),
                        seconds(run.path("createdAt").asText()), run.path("cause").asText());
            }
        }
        JsonNode schedules = all.path("schedules");
        if (!schedules.isEmpty()) {
            out.println();
            out.printf("%-36s  %-20s  %-6s  %-20s  %-7s  %s%n", "SCHEDULE", "KEYSPACE", "EVERY", "NEXT RUN", "ACTIVE",
                    "LAST RUN");
            for (JsonNode schedule : schedules) {
                out.printf("%-36s  %-20s  %-6s  %-20s  %-7s  %s%n", schedule.path("id").asText(),
                        schedule.path("keyspace").asText(), schedule.path("every").asText(),
                        seconds(schedule.path("nextRun").asText()),
                        schedule.path("active").asBoolean() ? "yes" : "paused",
                        schedule.path("lastRunId").asText("-"));
            }
        }
    }

    static void status(PrintWriter out, JsonNode answer) {
        JsonNode run = answer.path("run");
        out.printf("Run %s: %s%n", run.path("id").asText(), run.path("state").asText());
        out.printf("  %s%n", summary(run));
        out.printf("  cause: %s%n", run.path("cause").asText());
        out.printf("  created %s%s%s%n", seconds(run.path("createdAt").asText()),
                run.path("startedAt").isNull() ? "" : ", first segment " + seconds(run.path("startedAt").asText()),
                run.path("endedAt").isNull() ? "" : ", ended " + seconds(run.path("endedAt").asText())
                        + " (" + took(run) + ")");
        out.printf("  %s%n", bar(run));
        String grid = run.path("grid").asText();
        out.println("  segments (D done, R running, P pending, W postponed, F failed):");
        for (int i = 0; i < grid.length(); i += GRID_WIDTH) {
            out.printf("    %s%n", grid.substring(i, Math.min(grid.length(), i + GRID_WIDTH)));
        }
        int shown = 0;
        for (JsonNode segment : answer.path("segments")) {
            String state = segment.path("state").asText();
            if ((state.equals("FAILED") || state.equals("POSTPONED") || !segment.path("error").isNull()
                    && !state.equals("DONE")) && shown++ < 5) {
                out.printf("  segment %d %s (attempts %d): %s%n", segment.path("seq").asInt(), state,
                        segment.path("attempts").asInt(), segment.path("error").asText());
            }
        }
        if (!run.path("error").isNull()) {
            out.printf("  error: %s%n", run.path("error").asText());
        }
    }

    static String took(JsonNode run) {
        if (run.path("startedAt").isNull() || run.path("endedAt").isNull()) {
            return "-";
        }
        Duration took = Duration.between(Instant.parse(run.path("startedAt").asText()),
                Instant.parse(run.path("endedAt").asText()));
        long seconds = Math.max(0, took.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String seconds(String instant) {
        if (instant == null || instant.isEmpty() || instant.equals("null")) {
            return "-";
        }
        int dot = instant.indexOf('.');
        return dot > 0 ? instant.substring(0, dot) + "Z" : instant;
    }

    private static String join(JsonNode array) {
        StringBuilder text = new StringBuilder();
        array.forEach(item -> text.append(text.length() == 0 ? "" : ",").append(item.asText()));
        return text.toString();
    }
}
